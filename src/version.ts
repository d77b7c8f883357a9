declare const __MODELGATE_VERSION__: string | undefined;

// tsup injects the package version at build time; tests run from source and see the fallback.
export const VERSION: string =
  typeof __MODELGATE_VERSION__ === 'string' ? __MODELGATE_VERSION__ : '0.0.0-dev';
