// A training worker built from other sources: it says hello in a protocol version Regula does
// not speak, then keeps talking (so only the version check can end its job).
process.send({ type: 'hello', protocol: 999, backend: { name: 'cpu', native: false } });
setInterval(() => process.send({ type: 'heartbeat' }), 200);
process.on('message', (message) => process.send({ type: 'log', received: message }));
process.on('disconnect', () => process.exit(0));
