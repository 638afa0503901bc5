lexsort(arange(5))
