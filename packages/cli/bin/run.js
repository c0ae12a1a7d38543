#!/usr/bin/env -S node --max-old-space-size=256
// The heap cap keeps a runner that lives for weeks beside a production shop at a steady
// footprint (V8 would otherwise grow towards gigabytes before collecting). Stores with very
// large rows can raise it: `node --max-old-space-size=1024 "$(command -v mig)" …`.
import { execute } from '@oclif/core'

await execute({ dir: import.meta.url })
