values = ones((3,))
value + 1
