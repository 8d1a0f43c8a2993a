// dockerode requires BuildKit's gRPC session client, and docker-modem the ssh2 client, as they load, though
// opsdeck never builds an image and reaches engines over ssh through the system's ssh
// (providers/docker/ssh-transport.ts). The build points those packages here, which keeps about 10 MB out of
// the Docker provider's memory; code that did reach one would stop with this error rather than misbehave.
function leftOut(): never {
	throw new Error('opsdeck is built without gRPC and ssh2: it neither builds images nor uses ssh2');
}

export const Client = leftOut;
export const loadPackageDefinition = leftOut;
export const credentials = {createInsecure: leftOut};
export const loadSync = leftOut;
