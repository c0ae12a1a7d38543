export { alignStores, type StoreAlignmentOptions, type StoreAlignmentReport } from './align-stores.js'
export { storeGroupCode } from './store-group-code.js'
