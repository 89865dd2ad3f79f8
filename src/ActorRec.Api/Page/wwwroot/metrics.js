// Reads the Prometheus text this process exports and turns two scrapes into rates and percentiles.

/** Samples of the exposition format: [{ name, labels, value }]. */
export function parsePrometheus(text) {
  const samples = [];
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) {
      continue;
    }
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(.*)\})?\s+(\S+)/.exec(line);
    if (!match) {
      continue;
    }
    const labels = {};
    for (const pair of (match[3] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) {
      labels[pair[1]] = pair[2];
    }
    samples.push({ name: match[1], labels, value: Number(match[4]) });
  }
  return samples;
}

function sum(samples, name) {
  const matching = samples.filter(s => s.name === name);
  return matching.length === 0 ? null : matching.reduce((total, s) => total + s.value, 0);
}

/** Cumulative bucket counts of a histogram by upper bound, summed over its other labels. */
function buckets(samples, name) {
  const byBound = new Map();
  for (const s of samples.filter(s => s.name === `${name}_bucket`)) {
    const bound = s.labels.le === '+Inf' ? Infinity : Number(s.labels.le);
    byBound.set(bound, (byBound.get(bound) ?? 0) + s.value);
  }
  return [...byBound.entries()].sort((a, b) => a[0] - b[0]);
}

/** The q-quantile of a cumulative histogram, interpolated linearly within its bucket (as Prometheus does). */
function quantile(q, cumulative) {
  const total = cumulative.length ? cumulative[cumulative.length - 1][1] : 0;
  if (total <= 0) {
    return null;
  }
  const rank = q * total;
  let lowerBound = 0;
  let lowerCount = 0;
  for (const [bound, count] of cumulative) {
    if (count >= rank) {
      if (bound === Infinity) {
        return lowerBound;
      }
      return lowerBound + ((bound - lowerBound) * ((rank - lowerCount) / Math.max(count - lowerCount, 1e-12)));
    }
    lowerBound = bound;
    lowerCount = count;
  }
  return lowerBound;
}

const CLICKS = 'actorrec_session_clicks_total';
const CLICK_DURATION = 'actorrec_session_click_duration_seconds';
const BATCH_SIZE = 'actorrec_inference_batch_size';

/**
 * Serving statistics between two scrapes (or since start when there is no earlier one): clicks per second, mean
 * inference batch size, p50 and p99 click latency in milliseconds. Null where this process exports no such metric (a
 * gateway holds no session grains and runs no inference).
 */
export function servingStats(previous, current) {
  const clicks = sum(current.samples, CLICKS);
  const seconds = previous ? (current.at - previous.at) / 1000 : null;
  const delta = (name) => {
    const now = sum(current.samples, name);
    const before = previous ? sum(previous.samples, name) : null;
    return now === null ? null : now - (before ?? 0);
  };

  let latency = buckets(current.samples, CLICK_DURATION);
  if (previous) {
    const before = new Map(buckets(previous.samples, CLICK_DURATION));
    const window = latency.map(([bound, count]) => [bound, count - (before.get(bound) ?? 0)]);
    // Too few clicks between the scrapes for percentiles: keep those since start.
    if (window.length && window[window.length - 1][1] >= 20) {
      latency = window;
    }
  }

  const batches = delta(`${BATCH_SIZE}_count`);
  const requests = delta(`${BATCH_SIZE}_sum`);
  const p50 = quantile(0.5, latency);
  const p99 = quantile(0.99, latency);
  return {
    clicksPerSecond: clicks === null || seconds === null || seconds <= 0 ? null : delta(CLICKS) / seconds,
    meanBatchSize: batches ? requests / batches : (sum(current.samples, `${BATCH_SIZE}_count`) ? sum(current.samples, `${BATCH_SIZE}_sum`) / sum(current.samples, `${BATCH_SIZE}_count`) : null),
    p50Ms: p50 === null ? null : p50 * 1000,
    p99Ms: p99 === null ? null : p99 * 1000,
    exported: clicks !== null,
  };
}
