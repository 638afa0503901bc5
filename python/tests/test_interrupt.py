"""Ctrl-C while `arrlang.run` computes (the GIL released) stops the computation and raises
KeyboardInterrupt; the interpreter then runs arrlang again normally."""

import os
import signal
import subprocess
import sys
import textwrap

import numpy as np

import arrlang

CHILD = textwrap.dedent(
    """
    import sys, arrlang
    print("computing", flush=True)
    try:
        # About 1e11 elements: many minutes on two cores, unless interrupted.
        arrlang.run("random((1000000, 100000), chunks=(10000, 10000), seed=1).sum()", threads=2)
        print("finished", flush=True)
    except KeyboardInterrupt:
        print("interrupted", flush=True)
    print(arrlang.run("arange(10).sum()"), flush=True)
    """
)


def test_ctrl_c_stops_a_computation_with_keyboard_interrupt():
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert child.stdout.readline() == "computing\n"
        # Let the computation get under way (a signal before it starts raises too, through
        # Python's own handler: either way KeyboardInterrupt).
        import time

        time.sleep(1.5)
        os.kill(child.pid, signal.SIGINT)
        out, err = child.communicate(timeout=60)
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
    assert out == "interrupted\n45\n", (out, err)
    assert child.returncode == 0, err


def test_a_custom_sigint_handler_is_left_alone():
    # A program with its own SIGINT handler keeps it while arrlang computes.
    seen = []
    old = signal.signal(signal.SIGINT, lambda *a: seen.append(1))
    try:
        assert arrlang.run("x.sum()", x=np.arange(5)) == 10
        assert signal.getsignal(signal.SIGINT) is not signal.default_int_handler
    finally:
        signal.signal(signal.SIGINT, old)
    assert signal.getsignal(signal.SIGINT) is old
