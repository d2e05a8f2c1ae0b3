/** Real columns from the `vega-datasets` npm package, for the drift benchmarks. */
import { readFileSync } from 'node:fs';
import { vegaDataFile } from '../test/drift/vegaData.ts';

export interface NumericColumn {
  name: string;
  values: Float64Array;
}

interface Flight {
  delay: number;
  distance: number;
  time: number;
}

/** flights-200k.json: delay (min), distance (miles), time (hour of departure); 200,000 rows each. */
export function flightColumns(): NumericColumn[] {
  const flights = JSON.parse(readFileSync(vegaDataFile('flights-200k.json'), 'utf8')) as Flight[];
  return (['delay', 'distance', 'time'] as const).map((name) => ({
    name: `flights.${name}`,
    values: Float64Array.from(flights, (f) => f[name]),
  }));
}

export interface WeatherDay {
  location: string;
  month: number;
  values: Record<WeatherColumn, number>;
  weather: string;
}
export const WEATHER_COLUMNS = ['precipitation', 'temp_max', 'temp_min', 'wind'] as const;
export type WeatherColumn = (typeof WEATHER_COLUMNS)[number];

/** weather.csv: daily Seattle and New York weather 2012–2015 (2,922 rows). */
export function weatherDays(): WeatherDay[] {
  const [header, ...lines] = readFileSync(vegaDataFile('weather.csv'), 'utf8').trim().split('\n');
  const names = (header as string).split(',');
  const at = (row: string[], name: string) => row[names.indexOf(name)] as string;
  return lines.map((line) => {
    const row = line.split(',');
    const values = Object.fromEntries(WEATHER_COLUMNS.map((c) => [c, Number(at(row, c))])) as Record<
      WeatherColumn,
      number
    >;
    return {
      location: at(row, 'location'),
      month: Number(at(row, 'date').slice(5, 7)),
      values,
      weather: at(row, 'weather'),
    };
  });
}

/** Every numeric weather column, both cities pooled. */
export function weatherColumns(days: readonly WeatherDay[]): NumericColumn[] {
  return WEATHER_COLUMNS.map((c) => ({ name: `weather.${c}`, values: Float64Array.from(days, (d) => d.values[c]) }));
}
