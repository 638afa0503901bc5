load("no/such/file.npy")
