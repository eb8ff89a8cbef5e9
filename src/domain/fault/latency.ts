// Draws a fault's delay from its distribution with the rule's seeded generator, so the same seed
// gives the same delays. Normal draws use Box–Muller; a lognormal is given by the mean and standard
// deviation of the delay itself (not of its logarithm), which is what a person reads off a chart.
import type { Random } from '../sandbox/random.js'
import { faultLimits, type Latency } from './fault-rule.js'

export function drawLatency(latency: Latency, random: Random): number {
  return clamp(Math.round(draw(latency, random)))
}

function draw(latency: Latency, random: Random): number {
  switch (latency.distribution) {
    case 'fixed':
      return latency.ms
    case 'uniform':
      return latency.min + random.next() * (latency.max - latency.min)
    case 'normal':
      return latency.mean + latency.stddev * standardNormal(random)
    case 'lognormal': {
      const { mean, stddev } = latency
      if (mean === 0) return 0
      const sigma2 = Math.log(1 + (stddev * stddev) / (mean * mean))
      const mu = Math.log(mean) - sigma2 / 2
      return Math.exp(mu + Math.sqrt(sigma2) * standardNormal(random))
    }
  }
}

function standardNormal(random: Random): number {
  const u = 1 - random.next() // (0, 1]: the logarithm stays finite
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random.next())
}

function clamp(ms: number): number {
  return Math.min(faultLimits.latencyMs, Math.max(0, ms))
}
