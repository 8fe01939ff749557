// The one place in a process that stops what the test harness started and removes its temp
// folders when the process ends, however it ends. pg-cluster.mjs, code-server.mjs and
// start-demo.mjs all register here, so that one Ctrl+C stops all of it at once.
//
//   const done = atExit(task)   task() (synchronous) runs once when the process exits or is stopped
//                               by SIGINT / SIGTERM / SIGHUP; call done() when the thing was
//                               stopped in order (the task is then forgotten)
//   runExitTasks()              runs and forgets every task now
//
// Signals: one handler per signal for the whole process (modules that each installed their own,
// and each deferred to "the other handler", used to wait for one another). When the program has a
// handler of its own (an async shutdown, as start-demo.mjs has), it is left to exit, and the
// 'exit' hook runs whatever it did not stop; should it not have exited GRACE_MS later, or should a
// second signal come (a second Ctrl+C; not the copy of the first that `npm run` forwards a moment
// later), the tasks run and the process dies of the signal. When the program has no handler, the
// tasks run at once and the process dies of the signal, as it would without one.
//
// Node builtins only.

const GRACE_MS = 10_000;
const SAME_SIGNAL_MS = 1_000; // npm forwards the terminal's SIGINT to its child: one Ctrl+C, two signals
const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'];
const tasks = new Set();
let installed = false;
let firstSignalAt = 0;

/** Runs (and forgets) every registered task; a failing task does not stop the others. */
export function runExitTasks() {
  for (const task of [...tasks]) {
    tasks.delete(task);
    try {
      task();
    } catch {
      /* best effort: the process is ending */
    }
  }
}

function install() {
  if (installed) return;
  installed = true;
  process.on('exit', runExitTasks);
  for (const sig of SIGNALS) {
    const onSignal = () => {
      // Dying of a signal emits no 'exit': run the tasks first, then re-raise without us.
      const die = () => {
        runExitTasks();
        for (const s of SIGNALS) process.removeAllListeners(s);
        process.kill(process.pid, sig);
      };
      if (process.listenerCount(sig) === 1) return die(); // nobody else handles it
      if (!firstSignalAt) {
        firstSignalAt = Date.now();
        setTimeout(die, GRACE_MS).unref();
      } else if (Date.now() - firstSignalAt > SAME_SIGNAL_MS) die();
    };
    process.on(sig, onSignal);
  }
}

/** Registers a synchronous task for the end of the process; returns done() that unregisters it. */
export function atExit(task) {
  install();
  tasks.add(task);
  return () => tasks.delete(task);
}
