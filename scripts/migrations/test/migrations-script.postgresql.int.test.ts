import { describeMigrationsScript } from './support/describe-migrations-script.js';

describeMigrationsScript('postgresql', { full: false });
