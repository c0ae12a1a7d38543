import { Args } from '@oclif/core'

/** The configuration file: config.xml in the upstream format, or a cosmiconfig file; searched for when omitted. */
export const configArg = Args.string({
  name: 'config',
  description:
    'config.xml (upstream Data Migration Tool format) or a .migrc/mig.config file; searched from the current folder when omitted',
  required: false,
})
