// Loaded into the host child that the fake utilityProcess.fork starts: what Electron gives a
// utility process, process.parentPort (messages arrive as { data }), backed by the fork's IPC.
process.parentPort = {
  on(event, listener) {
    if (event === 'message') process.on('message', (data) => listener({ data }));
  },
  postMessage(message) {
    process.send(message);
  },
};
// Electron ends utility processes with the app; a forked child would otherwise linger.
process.on('disconnect', () => process.exit(0));
