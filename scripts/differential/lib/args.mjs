// A small command-line reader: --name VALUE pairs over defaults (numbers stay
// numbers), --flag for booleans, the rest as positional arguments.

export function parseArgs(argv, defaults) {
  const out = {...defaults, _: []};
  for(let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if(!arg.startsWith('--')) {
      out._.push(arg);
      continue;
    }
    const name = arg.slice(2).replace(/-([a-z])/g, (_, c) => c.toUpperCase());
    if(!(name in defaults)) {
      throw new Error(`unknown option ${arg}`);
    }
    if(typeof defaults[name] === 'boolean') {
      out[name] = true;
      continue;
    }
    const value = argv[++i];
    if(value === undefined) {
      throw new Error(`${arg} needs a value`);
    }
    if(typeof defaults[name] === 'number') {
      if(!/^[0-9]+$/.test(value)) {
        throw new Error(`${arg} ${value}: not a non-negative integer`);
      }
      out[name] = Number(value);
    } else {
      out[name] = value;
    }
  }
  return out;
}
