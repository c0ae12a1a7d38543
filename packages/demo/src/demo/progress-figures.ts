import { formatCount } from '@mig/core/engine'
import type { StoreFigures } from './store-probe.js'

/** One live line: Magento 1 → Magento 2 counts, backlog, lag, changes applied (StatusLine cuts it to a terminal's width). */
export type DemoPhase = 'trading' | 'draining' | 'caught up' | 'stopped'

export function formatFigures(
  elapsedSeconds: number,
  figures: StoreFigures,
  applied: number,
  phase: DemoPhase,
): string {
  const lag = figures.lagSeconds === null ? '0s' : `${figures.lagSeconds.toFixed(1)}s`
  return (
    `${String(Math.round(elapsedSeconds)).padStart(4)}s ${phase.padEnd(9)}  ` +
    `orders ${formatCount(figures.ordersMagento1)} → ${formatCount(figures.ordersMagento2)}  ` +
    `customers ${formatCount(figures.customersMagento1)} → ${formatCount(figures.customersMagento2)}  ` +
    `products ${formatCount(figures.productsMagento1)} → ${formatCount(figures.productsMagento2)}  ` +
    `backlog ${formatCount(figures.backlog)}  lag ${lag}  applied ${formatCount(applied)}`
  )
}
