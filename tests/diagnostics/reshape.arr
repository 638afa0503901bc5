ones((2, 3)).reshape((4, 4))
