import pkg from '../../package.json';

/** Recorded with every import and rating run, so a figure can be traced to the code that made it. */
export const APP_VERSION: string = pkg.version;
