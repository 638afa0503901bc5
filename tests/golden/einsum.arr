# einsum's common patterns and @ on stacks of matrices (numpy semantics).
a = arange(6.0).reshape((2, 3))
b = arange(12.0).reshape((3, 4))
einsum('ij,jk->ik', a, b)
#> array([[20., 23., 26., 29.],
#>        [56., 68., 80., 92.]])
einsum('ij->ji', a)
#> array([[0., 3.],
#>        [1., 4.],
#>        [2., 5.]])
einsum('ij->', a), einsum('ij->j', a)
#> (15.0, array([3., 5., 7.]))
sq = arange(9).reshape((3, 3))
einsum('ii->i', sq), einsum('ii', sq)
#> (array([0, 4, 8]), 12)
einsum('i,i->', arange(4), arange(4)), einsum('i,j->ij', arange(2), arange(3))
#> (14, array([[0, 0, 0],
#>        [0, 1, 2]]))
einsum('ij,j->i', b, arange(4.0))
#> array([14., 38., 62.])
s1 = arange(24.0).reshape((2, 3, 4))
s2 = arange(40.0).reshape((2, 4, 5)) % 7
einsum('bij,bjk->bik', s1, s2)
#> array([[[ 14.,  20.,  19.,  25.,  17.],
#>         [ 50.,  72.,  59.,  81.,  61.],
#>         [ 86., 124.,  99., 137., 105.]],
#>
#>        [[152., 122., 176., 139., 193.],
#>         [200., 158., 228., 179., 249.],
#>         [248., 194., 280., 219., 305.]]])
abs(s1 @ s2 - einsum('bij,bjk->bik', s1, s2)).max()
#> 0.0
(s1 @ arange(4.0)).shape, (arange(3.0) @ s1).shape, (s1 @ ones((4, 2))).shape
#> ((2, 3), (2, 4), (2, 3, 2))
einsum('ij,jk,kl->il', a, b, ones((4, 1)))
#> array([[ 98.],
#>        [296.]])
