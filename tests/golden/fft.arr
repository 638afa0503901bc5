# Issue 11: numpy.fft's transforms along an axis (made one chunk), with n= and norm=, the
# sample frequencies and shifts. Expected values are numpy 2.4's.
x = array([0., 1., 2., 3., 4.])
fft(x)
#> array([10. +0.j        , -2.5+3.4409548j , -2.5+0.81229924j,
#>        -2.5-0.81229924j, -2.5-3.4409548j ])
allclose(ifft(fft(x)), x)
#> True
rfft(x)
#> array([10. +0.j        , -2.5+3.4409548j , -2.5+0.81229924j])
allclose(irfft(rfft(x), n=5), x)
#> True
irfft(rfft(x))
#> array([0.625    , 1.4045226, 3.125    , 4.8454774])
fft(x, n=8)
#> array([10.        +0.j        , -5.41421356-4.82842712j,
#>         2.        +2.j        , -2.58578644-0.82842712j,
#>         2.        +0.j        , -2.58578644+0.82842712j,
#>         2.        -2.j        , -5.41421356+4.82842712j])
fft(x, n=3)
#> array([ 3. +0.j       , -1.5+0.8660254j, -1.5-0.8660254j])
fft(x, norm="ortho")
#> array([ 4.47213595+0.j        , -1.11803399+1.53884177j,
#>        -1.11803399+0.36327126j, -1.11803399-0.36327126j,
#>        -1.11803399-1.53884177j])
fft(x, norm="forward")
#> array([ 2. +0.j        , -0.5+0.68819096j, -0.5+0.16245985j,
#>        -0.5-0.16245985j, -0.5-0.68819096j])
ifft(x, norm="forward")
#> array([10. +0.j        , -2.5-3.4409548j , -2.5-0.81229924j,
#>        -2.5+0.81229924j, -2.5+3.4409548j ])
allclose(ifft(fft(x, norm="ortho"), norm="ortho"), x)
#> True
rfft(x, n=4)
#> array([ 6.+0.j, -2.+2.j, -2.+0.j])
irfft(array([6., -2+2j, -2.]))
#> array([0., 1., 2., 3.])
m = arange(12.).reshape((3, 4))
fft(m)
#> array([[ 6.+0.j, -2.+2.j, -2.+0.j, -2.-2.j],
#>        [22.+0.j, -2.+2.j, -2.+0.j, -2.-2.j],
#>        [38.+0.j, -2.+2.j, -2.+0.j, -2.-2.j]])
fft(m, axis=0)
#> array([[12.+0.j        , 15.+0.j        , 18.+0.j        ,
#>         21.+0.j        ],
#>        [-6.+3.46410162j, -6.+3.46410162j, -6.+3.46410162j,
#>         -6.+3.46410162j],
#>        [-6.-3.46410162j, -6.-3.46410162j, -6.-3.46410162j,
#>         -6.-3.46410162j]])
rfft(m, axis=0)
#> array([[12.+0.j        , 15.+0.j        , 18.+0.j        ,
#>         21.+0.j        ],
#>        [-6.+3.46410162j, -6.+3.46410162j, -6.+3.46410162j,
#>         -6.+3.46410162j]])
k = array([[1., 2., 5.], [0., -1., 3.]])
fft2(k)
#> array([[10. +0.j        , -3.5+6.06217783j, -3.5-6.06217783j],
#>        [ 6. +0.j        , -1.5-0.8660254j , -1.5+0.8660254j ]])
allclose(ifft2(fft2(m)), m)
#> True
fftn(k)
#> array([[10. +0.j        , -3.5+6.06217783j, -3.5-6.06217783j],
#>        [ 6. +0.j        , -1.5-0.8660254j , -1.5+0.8660254j ]])
fftn(m, s=(2, 2))
#> array([[10.+0.j, -2.+0.j],
#>        [-8.+0.j,  0.+0.j]])
allclose(ifftn(fftn(m), axes=(0,)), fft(m))
#> True
fft(arange(6))
#> array([15.+0.j        , -3.+5.19615242j, -3.+1.73205081j, -3.+0.j        ,
#>        -3.-1.73205081j, -3.-5.19615242j])
fft(array([1, 2, 3], dtype=float32))
#> array([ 6. +0.j       , -1.5+0.8660254j, -1.5-0.8660254j], dtype=complex64)
fft(array([1, 2, 3], dtype=float32)).dtype
#> dtype('complex64')
irfft(array([1, 2, 3], dtype=complex64)).dtype
#> dtype('float32')
fftfreq(8)
#> array([ 0.   ,  0.125,  0.25 ,  0.375, -0.5  , -0.375, -0.25 , -0.125])
fftfreq(5, d=0.1)
#> array([ 0.,  2.,  4., -4., -2.])
rfftfreq(8)
#> array([0.   , 0.125, 0.25 , 0.375, 0.5  ])
rfftfreq(5, d=2.)
#> array([0. , 0.1, 0.2])
fftshift(fftfreq(6))
#> array([-0.5       , -0.33333333, -0.16666667,  0.        ,  0.16666667,
#>         0.33333333])
ifftshift(fftshift(arange(7)))
#> array([0, 1, 2, 3, 4, 5, 6])
fftshift(m)
#> array([[10., 11.,  8.,  9.],
#>        [ 2.,  3.,  0.,  1.],
#>        [ 6.,  7.,  4.,  5.]])
fftshift(m, axes=1)
#> array([[ 2.,  3.,  0.,  1.],
#>        [ 6.,  7.,  4.,  5.],
#>        [10., 11.,  8.,  9.]])
ifftshift(m, axes=(0,))
#> array([[ 4.,  5.,  6.,  7.],
#>        [ 8.,  9., 10., 11.],
#>        [ 0.,  1.,  2.,  3.]])
rfft(array([1j, 2]))
#! error[E0206]: `rfft` takes real input (numpy discards the imaginary part with a warning)
fft(x, n=0)
#! error[E0102]: invalid number of data points (0) specified
fft(x, norm="unit")
#! error[E0102]: invalid norm `unit`
fft(x, axis=1)
#! error[E0202]: axis `1` is out of bounds for an array of dimension 1
