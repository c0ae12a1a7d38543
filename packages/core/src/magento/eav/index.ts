/**
 * EAV metadata alignment: makes Magento 2's EAV ids Magento 1's, so that every Magento 1 value row
 * (catalog_product_entity_int …: attribute_id, option ids inside int/varchar values, entities'
 * attribute_set_id) can be copied into Magento 2 verbatim, by the data run and by delta.
 *
 * 1. Match, kind by kind, parents first, by natural key: entity types by code; attributes by
 *    (entity type, code); attribute sets by (entity type, name); groups by (set, name); options by
 *    (attribute, admin label); option values and store labels by (option/attribute, store);
 *    placements by (set, attribute). Names compare like Magento's *_general_ci unique keys.
 *    Once Magento 2 is aligned (every matched attribute already has its Magento 1 id) sets, groups and
 *    options pair by id first: a set, group or option label renamed in Magento 1 between runs is
 *    still the same row, and must not be mistaken for a Magento 2-only one and re-keyed away from
 *    the values that point at it.
 * 2. Re-key Magento 2 (eav_entity_type … eav_entity_attribute): a matched row takes its Magento 1
 *    id; a Magento 2-only row keeps its id when Magento 1 will never hand it out, and otherwise takes
 *    a fresh one above every Magento 2 id and with headroom (1000 for SMALLINT ids) above Magento 1's
 *    next id, so attributes/options Magento 1 creates while delta runs do not land on it. Every
 *    referencing column follows: foreign keys read from the live Magento 2 schema plus known
 *    references without one (known-references.ts), and option ids inside select/multiselect values,
 *    static columns, default values and the EAV index (option-value-references.ts). Ids move
 *    current → temporary → final, so no UPDATE meets a unique key; column limits are checked first.
 * 3. Write Magento 1's rows with their ids (upsert): sets, groups (with a derived, per-set unique
 *    attribute_group_code), attributes (Magento 2 keeps models, types and input of matched
 *    attributes; Magento 1-only attributes are created with translated model aliases), catalog and
 *    customer attribute extras, options, option values, labels and placements.
 *    Departures from the first design, and why:
 *    - Magento 2's options of a matched attribute are not deleted: those with a Magento 1 twin (same
 *      admin label) become that option, the others stay as Magento 2-only options (re-keyed if
 *      need be). Deleting them would leave Magento 2's own values pointing at nothing, or at a
 *      Magento 1 option of another attribute that later takes the id. Store labels of matched
 *      options and attributes are Magento 1's (Magento 2's extra ones are removed).
 *    - For Magento's own (system) attributes only a non-empty label is taken from Magento 1; the
 *      required/default/unique flags stay Magento 2's (attribute-policy.ts has the reasons).
 *    - Magento 2's placements that Magento 1 lacks are kept (Magento 2-only attributes stay in
 *      their groups; matched attributes Magento 2 places and Magento 1 does not keep their place, as
 *      Magento 2's forms expect e.g. category_ids there); Magento 1's placements override the rest.
 *    - Magento 1's catalog_eav_attribute.is_configurable (gone in Magento 2) is carried into
 *      apply_to, which Magento 2 checks instead (configurable-apply-to.ts).
 * 4. Everything runs in one destination transaction with foreign key checks off for that session
 *    only; before committing, every followed reference of the kinds whose ids moved and every
 *    placement is checked for rows pointing at nothing, and any new one rolls everything back.
 *    Nothing else is persisted: the preserved ids are the mapping. A second run finds every row
 *    paired with itself and changes nothing. Run it again after Magento 1 gains attributes, sets or
 *    options (delta does not carry EAV metadata), before their values are copied.
 */
export { alignEav } from './align-eav.js'
export { checkEavAlignment, type EavAlignmentState } from './alignment-check.js'
export { attributeGroupCode } from './attribute-group-code.js'
export { translateModel, type ModelTranslation } from './model-aliases.js'
export { EAV_KINDS, EAV_TABLES, type EavKind, type EavKindTable } from './eav-kinds.js'
export { KNOWN_REFERENCES, type KnownReference } from './known-references.js'
export type {
  EavAlignmentOptions,
  EavAlignmentReport,
  EavKindCounts,
  EavWarning,
  EavWarningKind,
  FollowedReference,
  UntranslatedModel,
} from './types.js'
