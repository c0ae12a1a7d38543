import type { FoundationStep } from '@mig/core'

/** Building blocks core aligns before a data run copies (EAV; stores are always aligned). */
export function coreFoundations(): FoundationStep[] {
  return []
}
