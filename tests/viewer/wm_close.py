#!/usr/bin/env python3
"""Asks an X11 window to close the way a window manager does when its close button is clicked: a
WM_PROTOCOLS client message carrying WM_DELETE_WINDOW (ICCCM 4.2.8.1). Xvfb runs no window manager,
so this is how a test presses a window's close button.

    wm_close.py WINDOW_ID        exit 0: sent; 1: no display or the window does not take WM_DELETE_WINDOW

Needs only libX11 (ctypes), no Python X bindings.
"""
import ctypes
import ctypes.util
import sys

x11 = ctypes.CDLL(ctypes.util.find_library("X11") or "libX11.so.6")
Window = Atom = ctypes.c_ulong
x11.XOpenDisplay.restype = ctypes.c_void_p
x11.XOpenDisplay.argtypes = [ctypes.c_char_p]
x11.XInternAtom.restype = Atom
x11.XInternAtom.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int]
x11.XGetWMProtocols.argtypes = [ctypes.c_void_p, Window, ctypes.POINTER(ctypes.POINTER(Atom)), ctypes.POINTER(ctypes.c_int)]
x11.XSendEvent.argtypes = [ctypes.c_void_p, Window, ctypes.c_int, ctypes.c_long, ctypes.c_void_p]
x11.XFlush.argtypes = [ctypes.c_void_p]
x11.XCloseDisplay.argtypes = [ctypes.c_void_p]


class ClientMessage(ctypes.Structure):
    _fields_ = [("type", ctypes.c_int), ("serial", ctypes.c_ulong), ("send_event", ctypes.c_int),
                ("display", ctypes.c_void_p), ("window", Window), ("message_type", Atom), ("format", ctypes.c_int),
                ("l", ctypes.c_long * 5)]


class XEvent(ctypes.Union):
    _fields_ = [("xclient", ClientMessage), ("pad", ctypes.c_long * 24)]


def main():
    if len(sys.argv) != 2:
        print(__doc__.strip().splitlines()[3].strip(), file=sys.stderr)
        return 1
    window = int(sys.argv[1], 0)
    display = x11.XOpenDisplay(None)
    if not display:
        print("wm_close: cannot open the display (is DISPLAY set?)", file=sys.stderr)
        return 1
    protocols_atom = x11.XInternAtom(display, b"WM_PROTOCOLS", 0)
    delete_atom = x11.XInternAtom(display, b"WM_DELETE_WINDOW", 0)
    protocols = ctypes.POINTER(Atom)()
    count = ctypes.c_int(0)
    if not x11.XGetWMProtocols(display, window, ctypes.byref(protocols), ctypes.byref(count)) or \
            delete_atom not in [protocols[i] for i in range(count.value)]:
        print(f"wm_close: window {window} does not take WM_DELETE_WINDOW", file=sys.stderr)
        return 1
    event = XEvent()
    event.xclient.type = 33  # ClientMessage
    event.xclient.window = window
    event.xclient.message_type = protocols_atom
    event.xclient.format = 32
    event.xclient.l[0] = delete_atom
    event.xclient.l[1] = 0  # CurrentTime
    x11.XSendEvent(display, window, 0, 0, ctypes.byref(event))
    x11.XFlush(display)
    x11.XCloseDisplay(display)
    return 0


if __name__ == "__main__":
    sys.exit(main())
