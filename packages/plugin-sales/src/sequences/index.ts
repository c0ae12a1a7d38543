export {
  DEFAULT_SEQUENCE_PROFILE,
  formatMagento2IncrementId,
  magento1IncrementNumber,
  phpIntCast,
  sequenceNumber,
  sequenceTarget,
  smallestSequenceValueAbove,
  type SequenceProfile,
  type SequenceTarget,
} from './increment-id.js'
export {
  raiseSequences,
  raiseSequencesReport,
  type SequenceEntry,
  type SequenceOptions,
  type SequenceReport,
  type SequenceResult,
} from './raise-sequences.js'
export { SALES_SEQUENCE_TYPES } from './sequence-types.js'
export { readEntityStoreRows, sequenceEntriesFrom, type EntityStoreRow } from './entity-store-reader.js'
