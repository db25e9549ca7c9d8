package interp

import (
	"go/constant"
	"go/types"
	"math"
)

// constantResult is the value of a final expression that Go evaluates
// while checking it, a constant of a basic type (`1 + 1`, `math.Pi * 2`,
// `"a" + "b"`), as the interpreter would have made it: an untyped constant
// takes its default type. Such a cell's result is shown from the checker's
// value and costs no interpreter compile. ok is false for every other
// expression, and for values the interpreter's path must report, such as
// an integer constant that overflows its type.
func constantResult(tv types.TypeAndValue) (v any, ok bool) {
	if tv.Value == nil {
		return nil, false
	}
	b, isBasic := tv.Type.(*types.Basic) // a named type may have methods: not here
	if !isBasic {
		return nil, false
	}
	b = types.Default(b).(*types.Basic)
	val := tv.Value
	switch b.Kind() {
	case types.Bool:
		return constant.BoolVal(val), true
	case types.String:
		return constant.StringVal(val), true
	case types.Float64:
		f, _ := constant.Float64Val(constant.ToFloat(val))
		return f, !math.IsInf(f, 0)
	case types.Float32:
		f, _ := constant.Float32Val(constant.ToFloat(val))
		return f, !math.IsInf(float64(f), 0)
	}
	i := constant.ToInt(val)
	if i.Kind() != constant.Int {
		return nil, false
	}
	if b.Info()&types.IsUnsigned != 0 {
		u, exact := constant.Uint64Val(i)
		if !exact {
			return nil, false
		}
		switch b.Kind() {
		case types.Uint:
			return uint(u), u <= math.MaxUint
		case types.Uint8:
			return uint8(u), u <= math.MaxUint8
		case types.Uint16:
			return uint16(u), u <= math.MaxUint16
		case types.Uint32:
			return uint32(u), u <= math.MaxUint32
		case types.Uint64:
			return u, true
		}
		return nil, false // uintptr
	}
	n, exact := constant.Int64Val(i)
	if !exact {
		return nil, false
	}
	switch b.Kind() {
	case types.Int:
		return int(n), n >= math.MinInt && n <= math.MaxInt
	case types.Int8:
		return int8(n), n >= math.MinInt8 && n <= math.MaxInt8
	case types.Int16:
		return int16(n), n >= math.MinInt16 && n <= math.MaxInt16
	case types.Int32: // also rune
		return int32(n), n >= math.MinInt32 && n <= math.MaxInt32
	case types.Int64:
		return n, true
	}
	return nil, false // complex numbers go through the interpreter
}
