package futures

import (
	"encoding/binary"
	"math"
	"math/bits"
	"reflect"
	"runtime"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unsafe"
)

// Func names a function for the runtime. The interpreter passes it instead
// of a bare interpreted function, whose wrapper changes on every use: Name is
// the prefix of task keys and Token (a hash of the source) identifies the
// function for pure keys. Fn is the function itself. A Func may be passed
// wherever a function is: Submit, Map and Delay.
type Func struct {
	Name  string
	Token string
	Fn    any
}

// hasher is a two-lane 64-bit hash over a canonical encoding of a task's
// function and arguments. It is deterministic across runs, so keys are too.
type hasher struct{ a, b uint64 }

const (
	hashA = 0xcbf29ce484222325
	hashB = 0x9e3779b97f4a7c15
	mulA  = 0x100000001b3
	mulB  = 0xff51afd7ed558ccd
)

func newHasher() hasher { return hasher{hashA, hashB} }

func (h *hasher) word(w uint64) {
	h.a = (h.a ^ w) * mulA
	h.b = bits.RotateLeft64(h.b^w, 29) * mulB
}

func (h *hasher) str(s string) {
	h.word(uint64(len(s)))
	for len(s) >= 8 {
		h.word(binary.LittleEndian.Uint64(unsafe.Slice(unsafe.StringData(s), 8)))
		s = s[8:]
	}
	var tail uint64
	for i := 0; i < len(s); i++ {
		tail |= uint64(s[i]) << (8 * i)
	}
	h.word(tail)
}

func mix(x uint64) uint64 {
	x ^= x >> 33
	x *= 0xff51afd7ed558ccd
	x ^= x >> 33
	x *= 0xc4ceb9fe1a85ec53
	x ^= x >> 33
	return x
}

// sum returns 32 hex digits.
func (h *hasher) sum(dst []byte) []byte {
	const hexd = "0123456789abcdef"
	a, b := mix(h.a^h.b>>7), mix(h.b+h.a)
	for _, w := range [2]uint64{a, b} {
		for i := 60; i >= 0; i -= 4 {
			dst = append(dst, hexd[(w>>uint(i))&15])
		}
	}
	return dst
}

// Tags keep values of different kinds apart in the encoding.
const (
	tagNil = iota + 1
	tagInt
	tagUint
	tagFloat
	tagString
	tagBool
	tagFuture
	tagSeq
	tagMap
	tagStruct
	tagPtr // unused since pointers make tasks impure; kept so other tags keep their values
	tagComplex
	tagFunc
)

// value adds v to the hash and reports whether v could be hashed
// deterministically; when not, the task gets a unique key instead.
func (h *hasher) value(v any, depth int) bool {
	switch x := v.(type) {
	case nil:
		h.word(tagNil)
	case int:
		h.word(tagInt)
		h.word(uint64(x))
	case float64:
		h.word(tagFloat)
		h.word(math.Float64bits(x))
	case string:
		h.word(tagString)
		h.str(x)
	case bool:
		h.word(tagBool)
		if x {
			h.word(1)
		} else {
			h.word(0)
		}
	case *Future:
		h.word(tagFuture)
		h.str(x.t.key)
	case []int:
		h.word(tagSeq)
		h.word(uint64(len(x)))
		for _, e := range x {
			h.word(tagInt)
			h.word(uint64(e))
		}
	case []float64:
		h.word(tagSeq)
		h.word(uint64(len(x)))
		for _, e := range x {
			h.word(tagFloat)
			h.word(math.Float64bits(e))
		}
	case []any:
		h.word(tagSeq)
		h.word(uint64(len(x)))
		for _, e := range x {
			if !h.value(e, depth+1) {
				return false
			}
		}
	case []*Future:
		h.word(tagSeq)
		h.word(uint64(len(x)))
		for _, e := range x {
			h.word(tagFuture)
			h.str(e.t.key)
		}
	case Func:
		h.word(tagFunc)
		return h.funcToken(x)
	default:
		return h.reflectValue(reflect.ValueOf(v), depth)
	}
	return true
}

func (h *hasher) funcToken(f Func) bool {
	h.str(f.Name)
	if f.Token != "" {
		h.str(f.Token)
		return true
	}
	if f.Fn == nil {
		return true
	}
	// A top-level function is named by its full name, stable across builds;
	// a closure also by its instance, since instances capture different data.
	i := lookupFunc(f.Fn)
	h.str(i.full)
	if i.closure {
		h.word(uint64(uintptr(funcIdentity(f.Fn))))
	}
	return true
}

// maxHashDepth bounds the walk through pointers and containers, which also
// stops it on cyclic values: those get unique keys.
const maxHashDepth = 64

func (h *hasher) reflectValue(v reflect.Value, depth int) bool {
	if depth > maxHashDepth {
		return false
	}
	if !v.IsValid() {
		h.word(tagNil)
		return true
	}
	h.str(v.Type().String())
	if v.Type() == timeType {
		// A time is a value, though it holds a *Location: hash the instant
		// and the zone's name.
		t := v.Interface().(time.Time)
		h.word(uint64(t.UnixNano()))
		h.str(t.Location().String())
		return true
	}
	switch v.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		h.word(tagInt)
		h.word(uint64(v.Int()))
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		h.word(tagUint)
		h.word(v.Uint())
	case reflect.Float32, reflect.Float64:
		h.word(tagFloat)
		h.word(math.Float64bits(v.Float()))
	case reflect.Complex64, reflect.Complex128:
		c := v.Complex()
		h.word(tagComplex)
		h.word(math.Float64bits(real(c)))
		h.word(math.Float64bits(imag(c)))
	case reflect.String:
		h.word(tagString)
		h.str(v.String())
	case reflect.Bool:
		h.word(tagBool)
		if v.Bool() {
			h.word(1)
		} else {
			h.word(0)
		}
	case reflect.Slice, reflect.Array:
		if v.Kind() == reflect.Slice && v.IsNil() {
			h.word(tagNil)
			return true
		}
		h.word(tagSeq)
		n := v.Len()
		h.word(uint64(n))
		if v.Type().Elem().Kind() == reflect.Uint8 {
			if v.Kind() == reflect.Slice {
				h.str(string(v.Bytes()))
				return true
			}
		}
		for i := 0; i < n; i++ {
			if !h.reflectValue(v.Index(i), depth+1) {
				return false
			}
		}
	case reflect.Map:
		if v.IsNil() {
			h.word(tagNil)
			return true
		}
		// Entries are hashed one by one and combined in sorted order, so
		// that map iteration order does not matter.
		h.word(tagMap)
		h.word(uint64(v.Len()))
		entries := make([][2]uint64, 0, v.Len())
		it := v.MapRange()
		for it.Next() {
			e := newHasher()
			if !e.reflectValue(it.Key(), depth+1) || !e.reflectValue(it.Value(), depth+1) {
				return false
			}
			entries = append(entries, [2]uint64{e.a, e.b})
		}
		sort.Slice(entries, func(i, j int) bool {
			if entries[i][0] != entries[j][0] {
				return entries[i][0] < entries[j][0]
			}
			return entries[i][1] < entries[j][1]
		})
		for _, e := range entries {
			h.word(e[0])
			h.word(e[1])
		}
	case reflect.Struct:
		h.word(tagStruct)
		for i := 0; i < v.NumField(); i++ {
			if !h.reflectValue(v.Field(i), depth+1) {
				return false
			}
		}
	case reflect.Pointer:
		if v.IsNil() {
			h.word(tagNil)
			return true
		}
		if v.Type() == futureType {
			h.word(tagFuture)
			h.str((*Future)(v.UnsafePointer()).t.key)
			return true
		}
		// Any other pointer is an identity, not a value: two distinct
		// pointers to equal data are different arguments, and what they
		// point to may change. As Dask's tokenize does with objects it
		// cannot hash, the task gets a key of its own.
		return false
	case reflect.Interface:
		if v.IsNil() {
			h.word(tagNil)
			return true
		}
		return h.reflectValue(v.Elem(), depth+1)
	default: // funcs, chans, unsafe pointers: no stable value
		return false
	}
	return true
}

var (
	futureType = reflect.TypeOf((*Future)(nil))
	timeType   = reflect.TypeOf(time.Time{})
)

// funcIdentity returns the closure pointer of a func value: the same for
// every use of a top-level function, different for each closure instance.
func funcIdentity(fn any) unsafe.Pointer {
	type iface struct {
		typ  unsafe.Pointer
		data unsafe.Pointer
	}
	return (*iface)(unsafe.Pointer(&fn)).data
}

// funcNames caches what the runtime knows of a function, by code pointer.
var funcNames sync.Map // uintptr -> *funcInfo

type funcInfo struct {
	short   string // inc
	full    string // main.inc
	closure bool   // a closure or method value: instances differ
}

func lookupFunc(fn any) *funcInfo {
	v := reflect.ValueOf(fn)
	if v.Kind() != reflect.Func {
		return &funcInfo{short: "func", closure: true}
	}
	pc := v.Pointer()
	if n, ok := funcNames.Load(pc); ok {
		return n.(*funcInfo)
	}
	i := &funcInfo{short: "func", closure: true}
	if f := runtime.FuncForPC(pc); f != nil {
		i.full = f.Name()
		i.short = shortName(i.full)
		i.closure = i.short == "func" || isClosureName(i.full)
	}
	funcNames.Store(pc, i)
	return i
}

// funcName returns the short name of fn: `inc` for main.inc, `T.M` for a
// method value, `main.func1` for a closure in main, `func` for a function
// the runtime cannot name (such as an interpreted one).
func funcName(fn any) string { return lookupFunc(fn).short }

func shortName(full string) string {
	if full == "" || strings.HasPrefix(full, "reflect.") {
		return "func"
	}
	s := full[strings.LastIndexByte(full, '/')+1:]
	if i := strings.IndexByte(s, '.'); i >= 0 {
		s = s[i+1:]
	}
	s = strings.TrimSuffix(s, "-fm")
	s = strings.NewReplacer("(*", "", ")", "").Replace(s)
	if s == "" {
		return "func"
	}
	return s
}

// uniqueSeq numbers impure tasks; mixed, it gives them random-looking keys.
var uniqueSeq atomic.Uint64

func uniqueKey(name string) string {
	h := hasher{a: mix(uniqueSeq.Add(1)), b: hashB}
	return name + "-" + string(h.sum(make([]byte, 0, 32)))
}

// isClosureName reports whether a runtime function name is that of a
// closure (pkg.f.func1, pkg.f.func1.2) or a method value (pkg.T.M-fm).
func isClosureName(full string) bool {
	if strings.HasSuffix(full, "-fm") {
		return true
	}
	for _, seg := range strings.Split(full[strings.LastIndexByte(full, '/')+1:], ".") {
		if d, ok := strings.CutPrefix(seg, "func"); ok && d != "" && strings.Trim(d, "0123456789") == "" {
			return true
		}
		if seg != "" && strings.Trim(seg, "0123456789") == "" {
			return true
		}
	}
	return false
}
