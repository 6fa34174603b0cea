#!/usr/bin/env bash
# The output window in the real X server (issue 25), driven the way a person does: F11 in it makes it
# cover its monitor at the monitor's size and F11 again brings the window back; its close button (the
# window manager's WM_DELETE_WINDOW, sent by wm_close.py: Xvfb has no window manager) closes it while
# the dream goes on in the main window, which then quits normally and reports no output window.
#   output_window_keys.sh LIVEDREAM MODEL DIR      exit 0: all seen; 1: a step failed (said why); 77: no xdotool
set -u
bin=$1 model=$2 dir=$3
here=$(cd "$(dirname "$0")" && pwd)
command -v xdotool >/dev/null || { echo "xdotool is missing (scripts/setup installs it)"; exit 77; }
[ -n "${DISPLAY:-}" ] || { echo "no DISPLAY (run under xvfb-run)"; exit 77; }
[ -f "$model" ] || { echo "no model $model (set LIVEDREAM_SHARED)"; exit 77; }
rm -rf "$dir" && mkdir -p "$dir" || { echo "cannot make $dir"; exit 1; }
pid=
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null' EXIT
fail() { echo "output_window_keys: $*"; [ -n "$pid" ] && kill "$pid" 2>/dev/null; exit 1; }
geometry() {  # the output window's WIDTH and HEIGHT (shell assignments)
  xdotool getwindowgeometry --shell "$out" 2>/dev/null | grep -E '^(WIDTH|HEIGHT)='
}
wait_size() {  # $1 x $2 within 5 s
  for _ in $(seq 50); do
    eval "$(geometry)"
    [ "$WIDTH" -eq "$1" ] && [ "$HEIGHT" -eq "$2" ] && return 0
    sleep 0.1
  done
  return 1
}

XDG_CONFIG_HOME="$dir/config" "$bin" clouds:160x120 --model "$model" --layers fire5 --device cpu --width 900 --height 600 \
  --output-window --frames 100000 --stats-json "$dir/run.json" >"$dir/run.log" 2>&1 &
pid=$!
out=
for _ in $(seq 100); do
  out=$(xdotool search --name '^livedream output$' 2>/dev/null | head -1)
  [ -n "$out" ] && break
  sleep 0.1
done
[ -n "$out" ] || fail "no window named 'livedream output': $(tail -3 "$dir/run.log")"
sleep 3  # the model loaded, frames arriving
eval "$(geometry)"
[ "$WIDTH" -eq 675 ] && [ "$HEIGHT" -eq 450 ] || fail "the output window is ${WIDTH}x$HEIGHT, not 675x450 (3/4 of the main window)"
echo "output window $out: ${WIDTH}x$HEIGHT"
screen=$(xdotool getdisplaygeometry)
sw=${screen% *} sh=${screen#* }
# Keys go to the window under the pointer (no window manager: the focus follows the pointer).
eval "$(xdotool getwindowgeometry --shell "$out" | grep -E '^(X|Y)=')"
xdotool mousemove $((X + 100)) $((Y + 100)); sleep 0.5
xdotool key F11
wait_size "$sw" "$sh" || fail "after F11 the output window is ${WIDTH}x$HEIGHT, not the monitor's ${sw}x$sh"
echo "F11: fullscreen ${WIDTH}x$HEIGHT"
sleep 1
xdotool key F11
wait_size 675 450 || fail "after F11 again the output window is ${WIDTH}x$HEIGHT, not 675x450"
echo "F11 again: a window of ${WIDTH}x$HEIGHT"
python3 "$here/wm_close.py" "$out" || fail "could not send the close request"
for _ in $(seq 50); do
  xdotool search --name '^livedream output$' >/dev/null 2>&1 || break
  sleep 0.1
done
xdotool search --name '^livedream output$' >/dev/null 2>&1 && fail "the output window is still open after its close request"
sleep 1
kill -0 "$pid" 2>/dev/null || fail "the viewer quit when its output window was closed: $(tail -3 "$dir/run.log")"
main=$(xdotool search --name '^livedream' 2>/dev/null | head -1)
[ -n "$main" ] || fail "the main window is gone"
echo "closed: the output window is gone, the viewer runs on"
# Esc over the dream (and Enter if it asks): a normal quit, whose report says the output is closed.
xdotool mousemove 600 300; sleep 0.3
xdotool key Escape; sleep 0.8
kill -0 "$pid" 2>/dev/null && xdotool key Return
for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
kill -0 "$pid" 2>/dev/null && fail "the viewer did not quit on Esc"
wait "$pid"; code=$?; pid=
[ "$code" -eq 0 ] || fail "the viewer exited with $code: $(tail -3 "$dir/run.log")"
grep -q '"output_window": *false' "$dir/run.json" || fail "the report does not say the output window was closed: $(grep -o '"output_window":[^,]*' "$dir/run.json")"
echo "quit: exit 0, output_window false"
