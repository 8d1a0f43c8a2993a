// systeminformation's own modules for the three facts, typed as its index types them: the package has no exports
// map, so they can be imported one by one, and its index.d.ts covers only the index. Each is CommonJS, so an
// import gives its exports as the default.
declare module 'systeminformation/lib/osinfo.js' {
	const osinfo: {osInfo: typeof import('systeminformation').osInfo};
	export default osinfo;
}
declare module 'systeminformation/lib/cpu.js' {
	const cpu: {cpu: typeof import('systeminformation').cpu};
	export default cpu;
}
declare module 'systeminformation/lib/system.js' {
	const system: {system: typeof import('systeminformation').system};
	export default system;
}
