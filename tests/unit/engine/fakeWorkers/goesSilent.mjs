// A training worker that hangs once it has a job: hello in the protocol version passed as
// --protocol=N, heartbeats while it waits, then nothing at all after the start message (a frozen
// process), while staying alive.
const protocol = Number(process.argv.find((a) => a.startsWith('--protocol='))?.slice('--protocol='.length));
process.send({ type: 'hello', protocol, backend: { name: 'cpu', native: false } });
const heartbeat = setInterval(() => process.send({ type: 'heartbeat' }), 200);
process.on('message', (message) => {
  if (message?.type === 'start') clearInterval(heartbeat);
});
process.on('disconnect', () => process.exit(0));
