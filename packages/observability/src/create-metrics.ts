import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import { assertSafeLabelNames, safeLabelValues } from './label-guard.ts';

export type LabelValues<L extends string> = Partial<Record<L, string | number>>;

export interface MetricConfig<L extends string> {
  /** Without the `kirogate_` prefix, which is added. */
  name: string;
  help: string;
  labelNames?: readonly L[];
}

export interface HistogramConfig<L extends string> extends MetricConfig<L> {
  /** Upper bounds; seconds for durations. */
  buckets?: readonly number[];
}

export interface GaugeConfig<L extends string> extends MetricConfig<L> {
  /** Called on every scrape, for values that are cheaper to read than to track. */
  collect?: (gauge: GaugeHandle<L>) => void | Promise<void>;
}

export interface CounterHandle<L extends string> {
  inc(labels?: LabelValues<L>, value?: number): void;
}

export interface GaugeHandle<L extends string> {
  set(labels: LabelValues<L>, value: number): void;
  inc(labels?: LabelValues<L>, value?: number): void;
  dec(labels?: LabelValues<L>, value?: number): void;
}

export interface HistogramHandle<L extends string> {
  observe(labels: LabelValues<L>, value: number): void;
  /** Returns a function that observes the seconds elapsed since the call. */
  startTimer(labels?: LabelValues<L>): (endLabels?: LabelValues<L>) => number;
}

export interface Metrics {
  registry: Registry;
  counter<L extends string = never>(config: MetricConfig<L>): CounterHandle<L>;
  gauge<L extends string = never>(config: GaugeConfig<L>): GaugeHandle<L>;
  histogram<L extends string = never>(config: HistogramConfig<L>): HistogramHandle<L>;
}

export const metricPrefix = 'kirogate_';

/**
 * A registry per service with Node's default metrics and a `service` label, plus factories that
 * prefix names, refuse label names that invite secrets and replace secret-looking label values.
 */
export function createMetrics(service: string): Metrics {
  const registry = new Registry();
  registry.setDefaultLabels({ service });
  collectDefaultMetrics({ register: registry });

  function define<L extends string>(config: MetricConfig<L>) {
    const name = `${metricPrefix}${config.name}`;
    if (!/^[a-z][a-z0-9_]*$/.test(config.name))
      throw new Error(`metric name "${config.name}" is not snake_case`);
    const labelNames = config.labelNames ?? [];
    assertSafeLabelNames(name, labelNames);
    return { name, help: config.help, labelNames, registers: [registry] };
  }

  return {
    registry,
    counter<L extends string = never>(config: MetricConfig<L>): CounterHandle<L> {
      const counter = new Counter<L>(define(config));
      return { inc: (labels = {}, value = 1) => counter.inc(safeLabelValues(labels), value) };
    },
    gauge<L extends string = never>(config: GaugeConfig<L>): GaugeHandle<L> {
      const { collect } = config;
      const gauge: Gauge<L> = new Gauge<L>({
        ...define(config),
        ...(collect === undefined ? {} : { collect: () => collect(handle) }),
      });
      const handle: GaugeHandle<L> = {
        set: (labels, value) => gauge.set(safeLabelValues(labels), value),
        inc: (labels = {}, value = 1) => gauge.inc(safeLabelValues(labels), value),
        dec: (labels = {}, value = 1) => gauge.dec(safeLabelValues(labels), value),
      };
      return handle;
    },
    histogram<L extends string = never>(config: HistogramConfig<L>): HistogramHandle<L> {
      const histogram = new Histogram<L>({
        ...define(config),
        ...(config.buckets === undefined ? {} : { buckets: [...config.buckets] }),
      });
      return {
        observe: (labels, value) => histogram.observe(safeLabelValues(labels), value),
        startTimer: (labels = {}) => {
          const started = process.hrtime.bigint();
          return (endLabels = {}) => {
            const seconds = Number(process.hrtime.bigint() - started) / 1e9;
            histogram.observe(safeLabelValues({ ...labels, ...endLabels }), seconds);
            return seconds;
          };
        },
      };
    },
  };
}
