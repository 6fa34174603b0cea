#!/usr/bin/env python3
"""Drops files onto an X11 window the way a file manager does (the XDND protocol, version 5).

    xdnd_drop.py PID FILE [FILE...]

Finds the window of process PID (its _NET_WM_PID property, which GLFW sets), plays a drag source: XdndEnter, XdndPosition over the
window's centre, XdndDrop; answers the target's request for the XdndSelection with a text/uri-list of
the files, and waits for XdndFinished. Exits 0 when the target accepted and finished the drop, 1
otherwise (with the reason on stderr). Needs only libX11 (ctypes), no Python X bindings.
"""
import ctypes
import ctypes.util
import os
import sys
import time
import urllib.parse

x11 = ctypes.CDLL(ctypes.util.find_library("X11") or "libX11.so.6")
Window = Atom = Time = ctypes.c_ulong
Display_p = ctypes.c_void_p


class ClientMessage(ctypes.Structure):
    _fields_ = [("type", ctypes.c_int), ("serial", ctypes.c_ulong), ("send_event", ctypes.c_int),
                ("display", Display_p), ("window", Window), ("message_type", Atom), ("format", ctypes.c_int),
                ("l", ctypes.c_long * 5)]


class SelectionRequest(ctypes.Structure):
    _fields_ = [("type", ctypes.c_int), ("serial", ctypes.c_ulong), ("send_event", ctypes.c_int),
                ("display", Display_p), ("owner", Window), ("requestor", Window), ("selection", Atom),
                ("target", Atom), ("property", Atom), ("time", Time)]


class SelectionNotify(ctypes.Structure):
    _fields_ = [("type", ctypes.c_int), ("serial", ctypes.c_ulong), ("send_event", ctypes.c_int),
                ("display", Display_p), ("requestor", Window), ("selection", Atom), ("target", Atom),
                ("property", Atom), ("time", Time)]


class XEvent(ctypes.Union):
    _fields_ = [("type", ctypes.c_int), ("xclient", ClientMessage), ("xselectionrequest", SelectionRequest),
                ("xselection", SelectionNotify), ("pad", ctypes.c_long * 24)]


class WindowAttributes(ctypes.Structure):
    _fields_ = [("x", ctypes.c_int), ("y", ctypes.c_int), ("width", ctypes.c_int), ("height", ctypes.c_int),
                ("pad", ctypes.c_long * 32)]


CLIENT_MESSAGE, SELECTION_REQUEST, SELECTION_NOTIFY = 33, 30, 31
x11.XOpenDisplay.restype = Display_p
x11.XOpenDisplay.argtypes = [ctypes.c_char_p]
x11.XDefaultRootWindow.restype = Window
x11.XDefaultRootWindow.argtypes = [Display_p]
x11.XInternAtom.restype = Atom
x11.XInternAtom.argtypes = [Display_p, ctypes.c_char_p, ctypes.c_int]
x11.XQueryTree.argtypes = [Display_p, Window, ctypes.POINTER(Window), ctypes.POINTER(Window),
                           ctypes.POINTER(ctypes.POINTER(Window)), ctypes.POINTER(ctypes.c_uint)]
x11.XFetchName.argtypes = [Display_p, Window, ctypes.POINTER(ctypes.c_char_p)]
x11.XCreateSimpleWindow.restype = Window
x11.XCreateSimpleWindow.argtypes = [Display_p, Window, ctypes.c_int, ctypes.c_int, ctypes.c_uint, ctypes.c_uint,
                                    ctypes.c_uint, ctypes.c_ulong, ctypes.c_ulong]
x11.XSetSelectionOwner.argtypes = [Display_p, Atom, Window, Time]
x11.XSendEvent.argtypes = [Display_p, Window, ctypes.c_int, ctypes.c_long, ctypes.POINTER(XEvent)]
x11.XPending.argtypes = [Display_p]
x11.XNextEvent.argtypes = [Display_p, ctypes.POINTER(XEvent)]
x11.XFlush.argtypes = [Display_p]
x11.XChangeProperty.argtypes = [Display_p, Window, Atom, Atom, ctypes.c_int, ctypes.c_int, ctypes.c_char_p, ctypes.c_int]
x11.XGetWindowAttributes.argtypes = [Display_p, Window, ctypes.POINTER(WindowAttributes)]
x11.XGetWindowProperty.argtypes = [Display_p, Window, Atom, ctypes.c_long, ctypes.c_long, ctypes.c_int, Atom,
                                   ctypes.POINTER(Atom), ctypes.POINTER(ctypes.c_int), ctypes.POINTER(ctypes.c_ulong),
                                   ctypes.POINTER(ctypes.c_ulong), ctypes.POINTER(ctypes.POINTER(ctypes.c_ubyte))]
x11.XFree.argtypes = [ctypes.c_void_p]
x11.XTranslateCoordinates.argtypes = [Display_p, Window, Window, ctypes.c_int, ctypes.c_int,
                                      ctypes.POINTER(ctypes.c_int), ctypes.POINTER(ctypes.c_int), ctypes.POINTER(Window)]


def fail(message):
    print("xdnd_drop: " + message, file=sys.stderr)
    sys.exit(1)


def window_pid(display, window, pid_atom):
    actual_type, actual_format = Atom(), ctypes.c_int()
    count, after, data = ctypes.c_ulong(), ctypes.c_ulong(), ctypes.POINTER(ctypes.c_ubyte)()
    if x11.XGetWindowProperty(display, window, pid_atom, 0, 1, 0, 6, ctypes.byref(actual_type), ctypes.byref(actual_format),
                              ctypes.byref(count), ctypes.byref(after), ctypes.byref(data)) != 0 or not data:
        return None
    value = ctypes.cast(data, ctypes.POINTER(ctypes.c_ulong))[0] if count.value == 1 and actual_format.value == 32 else None
    x11.XFree(data)
    return value


def find_window(display, window, pid, pid_atom):
    if window_pid(display, window, pid_atom) == pid:
        return window
    root, parent, children, count = Window(), Window(), ctypes.POINTER(Window)(), ctypes.c_uint()
    if not x11.XQueryTree(display, window, ctypes.byref(root), ctypes.byref(parent), ctypes.byref(children),
                          ctypes.byref(count)):
        return None
    for i in range(count.value):
        found = find_window(display, children[i], pid, pid_atom)
        if found:
            return found
    return None


def main():
    if len(sys.argv) < 3:
        fail("usage: xdnd_drop.py PID FILE [FILE...]")
    pid, files = int(sys.argv[1]), sys.argv[2:]
    display = x11.XOpenDisplay(None)
    if not display:
        fail("cannot open the display (is DISPLAY set?)")
    root = x11.XDefaultRootWindow(display)
    atom = lambda name: x11.XInternAtom(display, name.encode(), 0)
    target = None
    pid_atom = atom("_NET_WM_PID")
    for _ in range(400):  # the window may still be opening
        target = find_window(display, root, pid, pid_atom)
        if target:
            break
        time.sleep(0.05)
    if not target:
        fail("no window of process %d" % pid)
    source = x11.XCreateSimpleWindow(display, root, 0, 0, 1, 1, 0, 0, 0)
    uri_list = atom("text/uri-list")
    selection = atom("XdndSelection")
    x11.XSetSelectionOwner(display, selection, source, 0)
    payload = "".join("file://" + urllib.parse.quote(os.path.abspath(f)) + "\r\n" for f in files).encode()

    def send(message, *data):
        event = XEvent()
        event.xclient.type = CLIENT_MESSAGE
        event.xclient.window = target
        event.xclient.message_type = atom(message)
        event.xclient.format = 32
        for i, value in enumerate(data):
            event.xclient.l[i] = value
        x11.XSendEvent(display, target, 0, 0, ctypes.byref(event))
        x11.XFlush(display)

    attributes = WindowAttributes()
    x11.XGetWindowAttributes(display, target, ctypes.byref(attributes))
    x, y, child = ctypes.c_int(), ctypes.c_int(), Window()
    x11.XTranslateCoordinates(display, target, root, attributes.width // 2 + attributes.width // 4,
                              attributes.height // 2, ctypes.byref(x), ctypes.byref(y), ctypes.byref(child))
    send("XdndEnter", source, 5 << 24, uri_list, 0, 0)
    send("XdndPosition", source, 0, (x.value << 16) | y.value, 0, atom("XdndActionCopy"))

    accepted = finished = dropped = False
    deadline = time.time() + 10
    event = XEvent()
    while time.time() < deadline and not finished:
        if not x11.XPending(display):
            time.sleep(0.01)
            continue
        x11.XNextEvent(display, ctypes.byref(event))
        if event.type == CLIENT_MESSAGE:
            kind = event.xclient.message_type
            if kind == atom("XdndStatus"):
                accepted = bool(event.xclient.l[1] & 1)
                if not accepted:
                    fail("the window refused the drop (XdndStatus without the accept flag)")
                if not dropped:
                    send("XdndDrop", source, 0, 0)
                    dropped = True
            elif kind == atom("XdndFinished"):
                finished = True
        elif event.type == SELECTION_REQUEST:
            request = event.xselectionrequest
            reply = XEvent()
            reply.xselection.type = SELECTION_NOTIFY
            reply.xselection.requestor = request.requestor
            reply.xselection.selection = request.selection
            reply.xselection.target = request.target
            reply.xselection.time = request.time
            reply.xselection.property = request.property
            x11.XChangeProperty(display, request.requestor, request.property, uri_list, 8, 0, payload, len(payload))
            x11.XSendEvent(display, request.requestor, 0, 0, ctypes.byref(reply))
            x11.XFlush(display)
    if not accepted:
        fail("the window never answered XdndPosition (is it XDND-aware?)")
    if not finished:
        fail("the drop was not finished within 10 s")
    print("xdnd_drop: dropped %d file(s) onto the window of process %d" % (len(files), pid))


main()
