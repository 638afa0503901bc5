ones((2, 2)).mean(axis=0, keepdim=True)
