export { readDeltalogXml, parseDeltalogXml } from './deltalog-xml-reader.js'
export { mergeTrackedTables, sameKeys } from './tracked-tables.js'
