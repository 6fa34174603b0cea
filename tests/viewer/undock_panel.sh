#!/usr/bin/env bash
# Drives the real viewer window with xdotool (issue 25): the Input panel's tab dragged out of the
# window becomes an OS window of its own (the X server lists a window named "Input"); a layout left
# with the panel outside is kept (--remember writes imgui.ini) and the next start shows it outside
# again; dragged back onto the tab bar it docks again (the window is gone). Then keys through the real
# window: F12 saves a screenshot, F9 twice a recording, Esc with a menu open closes the menu only.
#   undock_panel.sh LIVEDREAM MODEL DIR      exit 0: all seen; 1: a step failed (said why); 77: no xdotool
set -u
bin=$1 model=$2 dir=$3
command -v xdotool >/dev/null || { echo "xdotool is missing (scripts/setup installs it)"; exit 77; }
[ -n "${DISPLAY:-}" ] || { echo "no DISPLAY (run under xvfb-run)"; exit 77; }
[ -f "$model" ] || { echo "no model $model (set LIVEDREAM_SHARED)"; exit 77; }
rm -rf "$dir" && mkdir -p "$dir" || { echo "cannot make $dir"; exit 1; }  # a fresh layout file
pid=
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null' EXIT
fail() { echo "undock_panel: $*"; [ -n "$pid" ] && kill "$pid" 2>/dev/null; exit 1; }

start() {  # $1: run name
  XDG_CONFIG_HOME="$dir/config" "$bin" clouds:160x120 --model "$model" --layers fire5 --device cpu \
    --width 900 --height 600 --frames 100000 --remember --captures "$dir/captures" --stats-json "$dir/$1.json" >"$dir/$1.log" 2>&1 &
  pid=$!
}
# Windows named exactly $1, waiting up to 10 s for the count to become $2.
windows_named() {
  local n
  for _ in $(seq 100); do
    n=$(xdotool search --name "^$1\$" 2>/dev/null | wc -l)
    [ "$n" -eq "$2" ] && { echo "$n"; return 0; }
    sleep 0.1
  done
  echo "$n"
  return 1
}
drag() {  # x0 y0 x1 y1, in small moves as a hand does (ImGui needs frames between them)
  xdotool mousemove "$1" "$2"; sleep 0.4
  xdotool mousedown 1; sleep 0.4
  for i in 1 2 3 4 5 6 7 8; do
    xdotool mousemove $(($1 + ($3 - $1) * i / 8)) $(($2 + ($4 - $2) * i / 8)); sleep 0.25
  done
  sleep 0.5; xdotool mouseup 1; sleep 1
}
stop() {  # Esc over the dream, and Enter if it asks to confirm: it writes its settings and layout
  xdotool mousemove 600 300; sleep 0.3
  xdotool key Escape; sleep 0.8
  kill -0 "$pid" 2>/dev/null && xdotool key Return
  for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -0 "$pid" 2>/dev/null && fail "the viewer did not quit on Esc"
  wait "$pid"; local code=$?; pid=
  [ "$code" -eq 0 ] || fail "the viewer exited with $code: $(tail -3 "$dir/$1.log")"
}

start first
windows_named livedream 1 >/dev/null || fail "the viewer's window did not open: $(tail -3 "$dir/first.log")"
sleep 3  # the model loaded and the default layout in place
[ "$(windows_named Input 0)" -eq 0 ] || fail "an Input window exists before any drag"
# The Input tab of the default layout (the tab bar under the playback buttons) out to the screen's
# free corner, right of and below the 900x600 window.
drag 116 114 1050 690
windows_named Input 1 >/dev/null || fail "the Input panel dragged out did not become its own window"
eval "$(xdotool search --name '^Input$' getwindowgeometry --shell 2>/dev/null | head -4)"
echo "undocked: Input is X window $WINDOW at $X,$Y"
[ "$X" -ge 850 ] || [ "$Y" -ge 550 ] || fail "the Input window is at $X,$Y, inside the main window"
# Quit with the panel outside: the next start shows it outside again.
stop first
grep -q '^\[Window\]\[Input\]' "$dir/config/livedream/imgui.ini" || fail "imgui.ini has no Input window"
start second
windows_named livedream 1 >/dev/null || fail "the second start opened no window: $(tail -3 "$dir/second.log")"
windows_named Input 1 >/dev/null || fail "after a restart the Input panel is not outside the window again"
echo "restored: Input is its own window after a restart"
eval "$(xdotool search --name '^Input$' getwindowgeometry --shell 2>/dev/null | head -4)"
# Back: its title bar onto the tab bar of the Dream tabs.
drag $((X + 40)) $((Y + 10)) 190 114
windows_named Input 0 >/dev/null || fail "the Input panel dropped on the tab bar is still a window of its own"
echo "docked again: no Input window"
# Keys through the window (X key events -> the GLFW backend -> ImGui's key events -> the keymap).
xdotool mousemove 600 300; sleep 0.3
xdotool key F12; sleep 1.5
ls "$dir/captures"/*.png >/dev/null 2>&1 || fail "F12 saved no screenshot in $dir/captures"
echo "F12: $(ls "$dir/captures" | head -1)"
xdotool key F9; sleep 2; xdotool key F9; sleep 2
ls "$dir/captures"/*.mp4 >/dev/null 2>&1 || fail "F9, F9 recorded no video in $dir/captures"
echo "F9, F9: $(ls "$dir/captures" | grep mp4 | head -1)"
# Esc with the View menu open closes the menu and quits nothing.
xdotool mousemove 141 11; sleep 0.4; xdotool mousedown 1; sleep 0.2; xdotool mouseup 1; sleep 0.8
xdotool mousemove 600 300; sleep 0.3
xdotool key Escape; sleep 1
kill -0 "$pid" 2>/dev/null || fail "Esc with a menu open quit the viewer"
echo "Esc with the menu open: still running"
stop second
exit 0
