import { describeMigrationsScript } from './support/describe-migrations-script.js';

describeMigrationsScript('sqlite', { full: true });
