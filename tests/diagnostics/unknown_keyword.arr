sum(ones((3,)), axes=0)
