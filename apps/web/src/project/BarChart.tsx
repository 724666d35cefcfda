import { useEffect, useRef } from 'react';
import { BarChart as EBarChart } from 'echarts/charts';
import { GridComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';

echarts.use([EBarChart, GridComponent, TooltipComponent, CanvasRenderer]);

export interface Bar {
  name: string;
  value: number;
}

/** A horizontal bar chart (ECharts, tree-shaken: bar + grid + tooltip + canvas only) that follows its container's width. */
export function BarChart({ bars, colour, testId }: { bars: readonly Bar[]; colour: string; testId?: string }) {
  const element = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const node = element.current;
    if (!node) return undefined;
    const chart = echarts.init(node);
    const observer = new ResizeObserver(() => chart.resize());
    observer.observe(node);
    return () => {
      observer.disconnect();
      chart.dispose();
    };
  }, []);
  useEffect(() => {
    const node = element.current;
    const chart = node ? echarts.getInstanceByDom(node) : undefined;
    const ordered = bars.toReversed();
    chart?.setOption({
      animation: false,
      grid: { left: 8, right: 24, top: 8, bottom: 8, containLabel: true },
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      xAxis: { type: 'value', minInterval: 1 },
      yAxis: { type: 'category', data: ordered.map((b) => b.name), axisLabel: { width: 150, overflow: 'truncate' } },
      series: [{ type: 'bar', data: ordered.map((b) => b.value), itemStyle: { color: colour }, barMaxWidth: 22, label: { show: true, position: 'right' } }],
    });
  }, [bars, colour]);
  return <div ref={element} className="bar-chart" style={{ height: Math.max(120, bars.length * 34 + 24) }} data-testid={testId} data-bars={bars.length} />;
}
