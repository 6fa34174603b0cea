#!/usr/bin/env bash
# MIDI end to end without hardware (issue 26): a JACK server with its dummy driver, a test program
# with a MIDI output port (midi_sender) standing in for a controller, and the real viewer with
# --midi and a map file. Checked: `livedream midi --list` sees the port; a CC moves the step size
# only once it has picked the value up (soft takeover) and the change is in the recording's
# timeline; a 14-bit CC pair sets the zoom exactly; a pad toggles pause; unbound and malformed
# messages are counted, never acted on; the controller unplugged (the sender quits) is a warning
# and, plugged in again, it drives the dream again; a bad map file is one line and exit 2.
#   midi_jack.sh LIVEDREAM MIDI_SENDER MODEL DIR      exit 0: all seen; 1: a step failed; 77: no jackd/xdotool/display
set -u
bin=$1 sender=$2 model=$3 dir=$4
command -v jackd >/dev/null || { echo "jackd is missing (scripts/setup installs jackd2)"; exit 77; }
command -v xdotool >/dev/null || { echo "xdotool is missing (scripts/setup installs it)"; exit 77; }
[ -n "${DISPLAY:-}" ] || { echo "no DISPLAY (run under xvfb-run)"; exit 77; }
[ -f "$model" ] || { echo "no model $model (set LIVEDREAM_SHARED)"; exit 77; }
rm -rf "$dir" && mkdir -p "$dir" || { echo "cannot make $dir"; exit 1; }
export JACK_DEFAULT_SERVER="livedream-test-$$" JACK_NO_AUDIO_RESERVATION=1
jack_pid= sender_pid= viewer_pid=
cleanup() {
  [ -n "$viewer_pid" ] && kill "$viewer_pid" 2>/dev/null
  exec 3>&-  # the test controller reads end of input and leaves JACK properly
  for _ in $(seq 30); do [ -n "$sender_pid" ] && kill -0 "$sender_pid" 2>/dev/null || break; sleep 0.1; done
  [ -n "$sender_pid" ] && kill "$sender_pid" 2>/dev/null
  if [ -n "$jack_pid" ]; then  # a server left with a client that died may linger for minutes: then SIGKILL
    kill "$jack_pid" 2>/dev/null
    for _ in $(seq 50); do kill -0 "$jack_pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$jack_pid" 2>/dev/null
  fi
  wait 2>/dev/null
  rm -f /dev/shm/jack_"$JACK_DEFAULT_SERVER"_* /dev/shm/jack_sem.*_"$JACK_DEFAULT_SERVER"_*  # this server's shared memory
}
trap cleanup EXIT
fail() { echo "midi_jack: $*"; exit 1; }

# A long client timeout and period: on two busy cores (the dream stepping) a client late for a cycle
# must not be dropped (a real rig gives JACK realtime priority and a core).
# JACK's registry of servers (shared memory) keeps entries of servers that were killed, and refuses
# a new one once it is full ("Too many servers already active"): with no JACK server running, start
# from a clean registry (JACK makes a new one).
if ! pgrep -x jackd >/dev/null && ! pgrep -x jackdmp >/dev/null; then
  rm -rf /dev/shm/jack-shm-registry /dev/shm/jack-"$(id -u)"-* /dev/shm/jack_db-"$(id -u)" 2>/dev/null
fi
jackd -n "$JACK_DEFAULT_SERVER" -t 10000 -d dummy -r 48000 -p 2048 >"$dir/jackd.log" 2>&1 &
jack_pid=$!
for _ in $(seq 50); do jack_lsp >/dev/null 2>&1 && break; sleep 0.1; done
jack_lsp >/dev/null 2>&1 || fail "the JACK server did not start: $(tail -3 "$dir/jackd.log")"

start_sender() {
  rm -f "$dir/to_sender" && mkfifo "$dir/to_sender"
  "$sender" livedream-knobs <"$dir/to_sender" >>"$dir/sender.log" 2>&1 &
  sender_pid=$!
  exec 3>"$dir/to_sender"
  for _ in $(seq 50); do [ "$(grep -c ready "$dir/sender.log")" -ge "$1" ] && return 0; sleep 0.1; done
  fail "the test controller did not start: $(cat "$dir/sender.log")"
}
send() { for m in "$@"; do echo "$m" >&3; sleep 0.5; done; }  # each lands in frames of its own (and steps)
start_sender 1

list=$("$bin" midi --list 2>&1)
echo "$list" | grep -q "(JACK)" || fail "midi --list does not use JACK: $list"
echo "$list" | grep -q "livedream-knobs" || fail "midi --list does not show the test port: $list"
echo "midi --list: $(echo "$list" | grep livedream-knobs)"

# A bad map file: one line, exit 2.
echo '{"bindings": [{"cc": 300, "channel": 1, "address": "/livedream/step_size"}]}' >"$dir/bad.json"
out=$(XDG_CONFIG_HOME="$dir/config" "$bin" clouds:160x120 --frames 2 --midi-map "$dir/bad.json" 2>&1); code=$?
[ "$code" -eq 2 ] || fail "a bad map file exited $code, not 2: $out"
echo "$out" | grep -q "bad.json" || fail "the bad map file's message does not name it: $out"
echo "bad map: exit 2: $(echo "$out" | head -1)"

cat >"$dir/map.json" <<'JSON'
{"bindings": [
  {"cc": 7, "channel": 1, "address": "/livedream/step_size", "min": 0.01, "max": 0.11},
  {"cc14": 0, "channel": 1, "address": "/livedream/zoom"},
  {"note": 36, "channel": 10, "address": "/livedream/pause", "mode": "toggle"}
]}
JSON
XDG_CONFIG_HOME="$dir/config" "$bin" clouds:160x120 --model "$model" --layers fire5 --device cpu --step-size 0.02 --zoom 1.01 \
  --midi livedream-knobs --midi-map "$dir/map.json" --schedule lockstep --width 900 --height 600 --frames 100000 --record \
  --captures "$dir/captures" --stats-json "$dir/stats.json" >"$dir/viewer.log" 2>&1 &
viewer_pid=$!
connected() { jack_lsp -c 2>/dev/null | grep -A1 "^livedream-knobs:out" | tail -1 | grep -q "^ "; }  # a connection is indented under it
for _ in $(seq 100); do connected && break; sleep 0.1; done
connected || fail "the viewer did not connect to the port: $(tail -3 "$dir/viewer.log")"
sleep 3  # the model loaded and the recording started

# Soft takeover (the step size's curve is log, 0.01..0.11): 127 is far from 0.02 (never applied);
# 10 is on the other side (passed through the value: picked up, 0.0121); then 64 (0.0332).
send "cc 1 7 127" "cc 1 7 10" "cc 1 7 64"
# 14-bit CC on the zoom (log, 0.5..2): MSB 64 LSB 0 is the middle, exactly 1; then MSB 80 LSB 0 (1.189).
send "cc 1 0 64" "cc 1 32 0" "cc 1 0 80" "cc 1 32 0"
# Unbound and malformed: counted only.
send "cc 1 20 99" "raw 90 C0 40"
# The pad: pause on.
send "note 10 36 127" "off 10 36"

# Unplugged: the sender goes away; the viewer says so, and takes it again when it is back.
echo quit >&3; exec 3>&-; wait "$sender_pid" 2>/dev/null; sender_pid=
sleep 3
grep -q "MIDI port livedream-knobs:out went away" "$dir/viewer.log" || fail "no warning when the port went away: $(tail -5 "$dir/viewer.log")"
echo "unplugged: $(grep -o 'MIDI port livedream-knobs:out went away' "$dir/viewer.log" | head -1)"
start_sender 2
for _ in $(seq 60); do grep -q "MIDI port livedream-knobs:out is open" "$dir/viewer.log" && break; sleep 0.1; done
grep -q "MIDI port livedream-knobs:out is open" "$dir/viewer.log" || fail "the port plugged in again was not opened: $(tail -5 "$dir/viewer.log")"
echo "plugged in again: opened"
send "cc 1 7 70"  # within 2 % of where it left the value: taken at once (0.0372)

# Quit: Esc over the dream, Enter to confirm: settings, stats and the recording's timeline written.
xdotool mousemove 600 300; sleep 0.3
xdotool key Escape; sleep 0.8
kill -0 "$viewer_pid" 2>/dev/null && xdotool key Return
for _ in $(seq 100); do kill -0 "$viewer_pid" 2>/dev/null || break; sleep 0.1; done
wait "$viewer_pid"; code=$?; viewer_pid=
[ "$code" -eq 0 ] || fail "the viewer exited with $code: $(tail -5 "$dir/viewer.log")"

python3 - "$dir" <<'PY' || exit 1
import glob, json, sys
d = sys.argv[1]
s = json.load(open(d + "/stats.json"))
p, m = s["params"], s.get("midi", {})
def fail(msg):
    print("midi_jack:", msg); sys.exit(1)
print("final step_size %.4f zoom %.5f paused %s; midi %s" % (p["step_size"], p["zoom"], s.get("paused"), m))
# CC 70 on 0.01..0.11 log: 0.01 * 11 ** (0.5 + 6 / 126) = 0.0372.
if abs(p["step_size"] - 0.0372) > 0.0005: fail("step_size %.4f is not what CC 7 = 70 gives (0.0372)" % p["step_size"])
if abs(p["zoom"] - 1.1892) > 0.001: fail("zoom %g is not what the 14-bit CC 80/0 gives (1.1892)" % p["zoom"])
if s.get("paused") is not True: fail("the pad did not pause the dream")
if m.get("unbound", 0) < 1 or m.get("malformed", 0) < 1: fail("unbound/malformed not counted: %s" % m)
timelines = glob.glob(d + "/captures/*.timeline.json")
if not timelines: fail("no recording timeline")
text = open(timelines[0]).read()
t = json.loads(text)
def numbers_under(o, key):  # every number stored under `key` anywhere in the timeline
    if isinstance(o, dict):
        return [v for k, v in o.items() if k == key and isinstance(v, (int, float))] + \
               [x for v in o.values() for x in numbers_under(v, key)]
    if isinstance(o, list):
        return [x for v in o for x in numbers_under(v, key)]
    return []
values, zooms = numbers_under(t, "step_size"), numbers_under(t, "zoom")
print("in the timeline: step_size", sorted(set(round(v, 4) for v in values)), "zoom", sorted(set(round(v, 4) for v in zooms)))
if any(abs(v - 0.11) < 1e-4 for v in values): fail("the knob's first value (127: 0.11) was applied before it picked the value up")
if not any(abs(v - 0.0121) < 0.0003 for v in values): fail("the knob's value once picked up (CC 10: 0.0121) is not in the timeline")
if not any(abs(v - 0.0332) < 0.0003 for v in values): fail("CC 64 (0.0332) is not in the timeline")
if not any(abs(v - 1.0) < 1e-6 for v in zooms): fail("the 14-bit middle (zoom exactly 1) is not in the timeline")
PY
echo "ok: values in the parameters and the timeline, pickup, 14-bit, counters, unplug and replug"
