x = np.arange(5)
