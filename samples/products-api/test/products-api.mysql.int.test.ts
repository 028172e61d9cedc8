import { describeProductsApi } from './support/describe-products-api.js';

describeProductsApi('mysql');
