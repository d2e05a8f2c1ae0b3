package conformance

import (
	"fmt"
	"sort"

	"github.com/grafana/grafana-plugin-sdk-go/data"
)

// frameShapeProblems checks a response's frames the way Grafana's server-side expressions and
// alerting will read them, and against the data-plane contract for each frame's declared type.
// github.com/grafana/dataplane/sdata is not served by the module proxy (403), so the contract's
// rules for the types Sieve emits are checked here: every frame declares meta.type; time series
// frames are "wide" to the SDK (never "long": no string or bool fields), with one sorted,
// non-null time field; multi and numeric types carry one value field per frame; and no two value
// fields of a response share name and labels (alerting also requires distinct label sets).
func frameShapeProblems(frames data.Frames) []string {
	var problems []string
	add := func(i int, format string, args ...any) {
		problems = append(problems, fmt.Sprintf("frame %d: ", i)+fmt.Sprintf(format, args...))
	}
	seenItems := map[string]int{}
	seenLabels := map[string]int{}
	for i, f := range frames {
		var typ data.FrameType
		if f.Meta != nil {
			typ = f.Meta.Type
		}
		if typ == data.FrameTypeTable {
			continue
		}
		// The contract's "no data": a single frame with no fields, never alongside data.
		if len(f.Fields) == 0 {
			if len(frames) != 1 {
				add(i, "a no-data frame (no fields) alongside %d other frames", len(frames)-1)
			}
			continue
		}
		if typ == data.FrameTypeUnknown {
			add(i, "no meta.type; the SDK classifies it %s", f.TimeSeriesSchema().Type)
			continue
		}
		if f.Meta.TypeVersion.IsZero() && typ != data.FrameTypeTimeSeriesWide {
			add(i, "meta.type %s without meta.typeVersion", typ)
		}
		values := numericFields(f)
		schema := f.TimeSeriesSchema()
		switch typ {
		case data.FrameTypeTimeSeriesMulti, data.FrameTypeTimeSeriesWide:
			if schema.Type != data.TimeSeriesTypeWide {
				add(i, "declared %s but the SDK classifies it %s", typ, schema.Type)
			}
			if n := len(f.TypeIndices(data.FieldTypeTime, data.FieldTypeNullableTime)); n != 1 {
				add(i, "%d time fields, want 1", n)
			} else if problem := timeProblem(f.Fields[schema.TimeIndex]); problem != "" {
				add(i, "%s", problem)
			}
			if typ == data.FrameTypeTimeSeriesMulti && len(values) != 1 {
				add(i, "timeseries-multi with %d value fields, want 1", len(values))
			}
		case data.FrameTypeNumericMulti, data.FrameTypeNumericWide:
			if n := len(f.TypeIndices(data.FieldTypeTime, data.FieldTypeNullableTime)); n != 0 {
				add(i, "%s with %d time fields", typ, n)
			}
			if typ == data.FrameTypeNumericMulti && len(values) != 1 {
				add(i, "numeric-multi with %d value fields, want 1", len(values))
			}
			if f.Rows() > 1 {
				add(i, "%s with %d rows, want at most 1", typ, f.Rows())
			}
		default:
			add(i, "meta.type %s is not a type Sieve emits", typ)
		}
		if len(values) != len(f.Fields)-len(f.TypeIndices(data.FieldTypeTime, data.FieldTypeNullableTime)) {
			add(i, "fields other than time and numbers in a %s frame", typ)
		}
		for _, field := range values {
			item := field.Name + field.Labels.String()
			if j, dup := seenItems[item]; dup {
				add(i, "value field %s also in frame %d", item, j)
			}
			seenItems[item] = i
			if typ == data.FrameTypeTimeSeriesMulti || typ == data.FrameTypeNumericMulti {
				key := field.Labels.String()
				if j, dup := seenLabels[key]; dup {
					add(i, "labels %s also in frame %d: alerting rejects duplicate label sets", key, j)
				}
				seenLabels[key] = i
			}
		}
	}
	sort.Strings(problems)
	return problems
}

func numericFields(f *data.Frame) []*data.Field {
	var out []*data.Field
	for _, field := range f.Fields {
		if field.Type().Numeric() {
			out = append(out, field)
		}
	}
	return out
}

func timeProblem(field *data.Field) string {
	var previous int64
	for row := 0; row < field.Len(); row++ {
		t, ok := field.ConcreteAt(row)
		if !ok {
			return fmt.Sprintf("time field has a null at row %d", row)
		}
		ns := t.(interface{ UnixNano() int64 }).UnixNano()
		if row > 0 && ns < previous {
			return fmt.Sprintf("time field not ascending at row %d", row)
		}
		previous = ns
	}
	return ""
}
