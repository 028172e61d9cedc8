import { describeMigrationsScript } from './support/describe-migrations-script.js';

describeMigrationsScript('sqlite', { chain: true });
