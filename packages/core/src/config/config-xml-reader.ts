import type { StepClassReference } from '../interfaces/config.js'
import type { ConfigProblems } from './config-problems.js'
import type { LocatedValue, RawConfig, RawDatabase, RawStep, RawSteps } from './raw-config.js'
import { STEP_STAGES } from './upstream-format.js'
import { childElements, parseXmlFile, type XmlElement } from './xml-document.js'

/**
 * Reads the upstream Data Migration Tool config.xml layout:
 * `<config><steps mode>…</steps><source><database …/></source><destination>…</destination><options>…</options></config>`.
 * Structure problems go to `problems`; values are checked later by validateConfig.
 */
export async function readConfigXmlFile(
  file: string,
  displayName: string,
  problems: ConfigProblems,
): Promise<RawConfig> {
  return readConfigXml(await parseXmlFile(file, displayName), file, problems)
}

export function readConfigXml(root: XmlElement, file: string, problems: ConfigProblems): RawConfig {
  const location = { file: root.location.file }
  if (root.name !== 'config') {
    problems.error(
      root.location,
      `the root element is <${root.name}>, not <config>`,
      'use the upstream config.xml layout with <config> as the root',
    )
    return { file, location, options: new Map(), steps: [] }
  }
  const seen = new Set<string>()
  let source: RawDatabase | undefined
  let destination: RawDatabase | undefined
  let options = new Map<string, LocatedValue>()
  const steps: RawSteps[] = []
  for (const child of root.children) {
    const once = child.name === 'source' || child.name === 'destination' || child.name === 'options'
    if (once && seen.has(child.name)) {
      problems.error(child.location, `<${child.name}> appears more than once`, `keep a single <${child.name}>`)
      continue
    }
    seen.add(child.name)
    switch (child.name) {
      case 'steps':
        steps.push(readSteps(child, problems))
        break
      case 'source':
        source = readEndpoint(child, problems)
        break
      case 'destination':
        destination = readEndpoint(child, problems)
        break
      case 'options':
        options = readOptions(child, problems)
        break
      default:
        problems.error(
          child.location,
          `unknown element <${child.name}> in <config>`,
          'expected <steps>, <source>, <destination> or <options>',
        )
    }
  }
  for (const endpoint of ['source', 'destination']) {
    if (!seen.has(endpoint)) {
      problems.error(
        root.location,
        `<config> has no <${endpoint}>`,
        `add <${endpoint}><database host="…" name="…" user="…" password="…"/></${endpoint}>`,
      )
    }
  }
  return { file, location, ...(source && { source }), ...(destination && { destination }), options, steps }
}

/** `<source>` / `<destination>`: exactly one `<database>`; the legacy `type`/`version` attributes are ignored. */
function readEndpoint(element: XmlElement, problems: ConfigProblems): RawDatabase | undefined {
  const type = element.attributes.type
  if (type !== undefined && type !== 'database') {
    problems.error(
      element.location,
      `<${element.name} type="${type}"> is not supported`,
      'only type="database" exists; remove the attribute or set it to database',
    )
  }
  for (const child of element.children) {
    if (child.name !== 'database') {
      problems.error(
        child.location,
        `unknown element <${child.name}> in <${element.name}>`,
        `put the connection in <database host="…" name="…" user="…"/>`,
      )
    }
  }
  const databases = childElements(element, 'database')
  const [database, extra] = databases
  if (extra !== undefined) {
    problems.error(extra.location, `<${element.name}> has more than one <database>`, 'keep a single <database>')
  }
  if (database === undefined) {
    problems.error(
      element.location,
      `<${element.name}> has no <database>`,
      `add <database host="…" name="…" user="…" password="…"/>`,
    )
    return undefined
  }
  const fields = new Map<string, LocatedValue>()
  for (const [name, value] of Object.entries(database.attributes))
    fields.set(name, { value, location: database.location })
  return { location: database.location, fields }
}

function readOptions(element: XmlElement, problems: ConfigProblems): Map<string, LocatedValue> {
  const options = new Map<string, LocatedValue>()
  for (const option of element.children) {
    if (options.has(option.name)) {
      problems.error(option.location, `option <${option.name}> appears more than once`, 'keep one')
      continue
    }
    if (option.children.length > 0) {
      problems.error(option.location, `option <${option.name}> contains elements`, 'an option holds text only')
      continue
    }
    options.set(option.name, { value: option.text, location: option.location })
  }
  return options
}

function readSteps(element: XmlElement, problems: ConfigProblems): RawSteps {
  const mode = element.attributes.mode
  const steps: RawStep[] = []
  for (const child of element.children) {
    if (child.name !== 'step') {
      problems.error(child.location, `unknown element <${child.name}> in <steps>`, 'expected <step title="…">')
      continue
    }
    steps.push(readStep(child, problems))
  }
  return {
    ...(mode !== undefined && { mode: { value: mode, location: element.location } }),
    location: element.location,
    steps,
  }
}

function readStep(element: XmlElement, problems: ConfigProblems): RawStep {
  const classes: StepClassReference[] = []
  for (const stage of element.children) {
    if (!STEP_STAGES.includes(stage.name)) {
      problems.error(
        stage.location,
        `unknown stage <${stage.name}> in <step>`,
        `use ${STEP_STAGES.map((name) => `<${name}>`).join(', ')}`,
      )
      continue
    }
    if (stage.children.length > 0) {
      problems.error(
        stage.location,
        `<${stage.name}> contains elements`,
        'it holds a class name such as @vendor/package#Export',
      )
      continue
    }
    classes.push({ stage: stage.name, reference: stage.text, location: stage.location })
  }
  const title = element.attributes.title
  return {
    ...(title !== undefined && { title: { value: title, location: element.location } }),
    location: element.location,
    classes,
  }
}
