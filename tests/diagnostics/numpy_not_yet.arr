sort(arange(5))
