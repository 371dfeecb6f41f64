import { describe, expect, it } from 'vitest'
import { normalCdf, normalQuantile } from './normal.ts'
import { studentTCdf, studentTQuantile } from './student-t.ts'

// Reference values: R 4.x `qnorm`, `pnorm`, `qt`, `pt` (the same figures as the
// tables of Abramowitz & Stegun 1964, 26.2 and 26.7).
describe('normal distribution', () => {
  it('matches qnorm / pnorm', () => {
    expect(normalQuantile(0.975)).toBeCloseTo(1.959964, 6)
    expect(normalQuantile(0.95)).toBeCloseTo(1.644854, 6)
    expect(normalQuantile(0.8)).toBeCloseTo(0.8416212, 6)
    expect(normalQuantile(0.001)).toBeCloseTo(-3.090232, 5)
    expect(normalCdf(1.959964)).toBeCloseTo(0.975, 6)
    expect(normalCdf(-1)).toBeCloseTo(0.1586553, 6)
    expect(normalCdf(0)).toBeCloseTo(0.5, 7)
  })
})

describe("Student's t distribution", () => {
  it('matches qt / pt', () => {
    expect(studentTQuantile(0.975, 5)).toBeCloseTo(2.570582, 5)
    expect(studentTQuantile(0.95, 4)).toBeCloseTo(2.131847, 5)
    expect(studentTQuantile(0.975, 1)).toBeCloseTo(12.7062, 3)
    expect(studentTQuantile(0.95, 30)).toBeCloseTo(1.697261, 5)
    expect(studentTQuantile(0.05, 9)).toBeCloseTo(-1.833113, 5)
    expect(studentTCdf(2.228139, 10)).toBeCloseTo(0.975, 6)
    expect(studentTCdf(-1, 3)).toBeCloseTo(0.1955011, 6)
  })
})
