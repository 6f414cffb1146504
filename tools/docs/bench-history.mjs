#!/usr/bin/env node
// Draws docs/performance-history.svg from every committed version of docs/performance.json (each
// `make bench` run that was committed): the api's requests per second at 50 connections by
// scenario, and the task pipeline's tasks per second. Run after committing a new bench report:
//   node tools/docs/bench-history.mjs
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vega from 'vega';
import { compile } from 'vega-lite';

const root = join(import.meta.dirname, '../..');
const REPORT = 'docs/performance.json';
const CHART = 'docs/performance-history.svg';

const git = (...args) => execFileSync('git', args, { cwd: root, encoding: 'utf8' });

/** Each committed report once, oldest first (a report names the commit it measured). */
function committedReports() {
  const reports = new Map();
  for (const revision of git('log', '--reverse', '--format=%H', '--', REPORT).split('\n')) {
    if (!revision) continue;
    const report = JSON.parse(git('show', `${revision}:${REPORT}`));
    reports.set(report.commit, report);
  }
  return [...reports.values()];
}

const runLabel = (report) => `${report.commit} · ${report.date.slice(5, 16).replace('T', ' ')}`;

function rows(reports) {
  return reports.flatMap((report) => [
    ...report.measurements
      .filter((measurement) => measurement.connections === 50)
      .map((measurement) => ({
        run: runLabel(report),
        panel: 'api, requests/s at 50 connections',
        series: measurement.scenario,
        value: measurement.result.requests / (measurement.result.durationUs / 1e6),
      })),
    {
      run: runLabel(report),
      panel: 'task pipeline, tasks/s',
      series: 'POST to succeeded',
      // A single run's figure, or (since the pipeline runs several times) their median.
      value: report.pipeline.tasksPerSecond.median ?? report.pipeline.tasksPerSecond,
    },
  ]);
}

function chartSpec(values, runs) {
  const panel = (title) => ({
    title,
    width: 560,
    height: 200,
    transform: [{ filter: { field: 'panel', equal: title } }],
    mark: { type: 'line', point: true },
    encoding: {
      x: { field: 'run', type: 'ordinal', sort: runs, title: 'bench run (commit · date UTC)' },
      y: { field: 'value', type: 'quantitative', title: null, axis: { format: ',.0f' } },
      color: { field: 'series', type: 'nominal', title: null },
    },
  });
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    description: `Bench history, drawn by tools/docs/bench-history.mjs from ${REPORT}`,
    background: 'white',
    data: { values },
    vconcat: [panel('api, requests/s at 50 connections'), panel('task pipeline, tasks/s')],
    resolve: { scale: { color: 'independent' } },
    config: { font: 'sans-serif', axisX: { labelAngle: 0 }, legend: { labelLimit: 320 } },
  };
}

const reports = committedReports();
if (reports.length === 0) throw new Error(`${REPORT} has no committed version`);
const spec = chartSpec(rows(reports), reports.map(runLabel));
const view = new vega.View(vega.parse(compile(spec).spec), { renderer: 'none' });
writeFileSync(join(root, CHART), `${await view.toSVG()}\n`);
console.log(`${CHART}: ${reports.length} bench runs`);
