package zmtp

import "encoding/binary"

// boundaries follows the ZMTP stream a connection writes, to tell when it
// stands at the end of a message (or of the greeting or a command). conn
// gathers zmq4's writes until then and sends them in one system call.
//
// zmq4 sends a message as a net.Buffers, which reaches a *net.TCPConn as
// one writev; through a wrapping net.Conn, net.Buffers makes one Write per
// header and per body instead, a packet each. Gathering restores one send
// per message.
type boundaries struct {
	greeting int     // greeting bytes already seen, up to greetingSize
	hdr      [9]byte // header bytes of the current frame
	hn       int     // how many of them are in hdr
	body     uint64  // body bytes of the current frame still to come
	more     bool    // the last complete frame announced another
}

// feed follows p, the next bytes written.
func (b *boundaries) feed(p []byte) {
	for len(p) > 0 {
		switch {
		case b.greeting < greetingSize:
			n := min(len(p), greetingSize-b.greeting)
			b.greeting += n
			p = p[n:]
		case b.body > 0:
			n := min(uint64(len(p)), b.body)
			b.body -= n
			p = p[n:]
		default:
			b.hdr[b.hn] = p[0]
			b.hn++
			p = p[1:]
			flags := b.hdr[0]
			need := 2
			if flags&flagLong != 0 {
				need = 9
			}
			if b.hn < need {
				continue
			}
			if need == 2 {
				b.body = uint64(b.hdr[1])
			} else {
				b.body = binary.BigEndian.Uint64(b.hdr[1:])
			}
			b.hn = 0
			b.more = flags&flagMore != 0 && flags&flagCommand == 0
		}
	}
}

// atEnd reports whether the bytes fed so far end the greeting or a
// message, that is: nothing is owed to complete what was started.
func (b *boundaries) atEnd() bool {
	return (b.greeting == 0 || b.greeting == greetingSize) && b.hn == 0 && b.body == 0 && !b.more
}
