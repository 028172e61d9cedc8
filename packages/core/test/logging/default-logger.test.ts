import { describe, expect, it } from 'vitest';

import { ConfigInvalidError, createDefaultLogger } from '../../src/index.js';

describe('createDefaultLogger', () => {
  it('logs at info unless ATOMIZER_LOG_LEVEL says otherwise', () => {
    const byDefault = createDefaultLogger({}) as unknown as { level: string };
    const debug = createDefaultLogger({ ATOMIZER_LOG_LEVEL: 'debug' }) as unknown as { level: string };

    expect(byDefault.level).toBe('info');
    expect(debug.level).toBe('debug');
  });

  it('rejects an unknown level, naming the variable and the value', () => {
    expect(() => createDefaultLogger({ ATOMIZER_LOG_LEVEL: 'loud' })).toThrow(ConfigInvalidError);
    expect(() => createDefaultLogger({ ATOMIZER_LOG_LEVEL: 'loud' })).toThrow(
      'environment: ATOMIZER_LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent, got "loud"',
    );
  });
});
