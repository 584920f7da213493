package main

import (
	"context"
	"errors"
	"io"
	"os"
	"time"

	protoLogger "github.com/livekit/protocol/logger"
	lksdk "github.com/livekit/server-sdk-go/v2"
	"github.com/pion/webrtc/v4/pkg/media"
	"github.com/pion/webrtc/v4/pkg/media/ivfreader"
	"github.com/pion/webrtc/v4/pkg/media/oggreader"
)

// ivf holds a whole VP8 file in memory; every participant replays the same frames.
type ivf struct {
	width, height            int
	timebaseNum, timebaseDen uint32
	frames                   [][]byte
}

func readIVF(path string) (*ivf, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	reader, header, err := ivfreader.NewWith(f)
	if err != nil {
		return nil, err
	}
	v := &ivf{width: int(header.Width), height: int(header.Height), timebaseNum: header.TimebaseNumerator, timebaseDen: header.TimebaseDenominator}
	for {
		frame, _, err := reader.ParseNextFrame()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, err
		}
		v.frames = append(v.frames, frame)
	}
	// VP8's frame tag: the lowest bit of the first byte is 0 on a keyframe.
	if len(v.frames) == 0 || len(v.frames[0]) == 0 || v.frames[0][0]&1 != 0 {
		return nil, errors.New(path + ": no frames, or the first is not a keyframe")
	}
	return v, nil
}

// readOggOpus expects one Opus packet per Ogg page (ffmpeg's -page_duration 20000 gives that).
func readOggOpus(path string) ([][]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	reader, _, err := oggreader.NewWith(f)
	if err != nil {
		return nil, err
	}
	var packets [][]byte
	for {
		page, header, err := reader.ParseNextPage()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, err
		}
		// The OpusTags page (and the OpusHead page the reader consumed) carry no audio.
		if header.GranulePosition == 0 || len(page) == 0 {
			continue
		}
		packets = append(packets, page)
	}
	if len(packets) == 0 {
		return nil, errors.New(path + ": no Opus packets")
	}
	return packets, nil
}

// videoLoop plays the file's frames in a loop at the file's frame rate. Keyframe requests are
// not answered: the recorder's receivers ask for one every ~0.4 s for as long as they are
// subscribed (their decoder never gets a frame), and jumping to a keyframe each time would send
// more bytes than the cap, whereas a real encoder's rate control keeps to it however many
// keyframes it is asked for. A new subscriber waits for the file's next keyframe instead (one a
// second). The loop wraps onto its first frame, a keyframe, so the stream stays decodable.
type videoLoop struct {
	lksdk.BaseSampleProvider
	video *ivf
	frame time.Duration
	next  int
}

func (l *videoLoop) NextSample(ctx context.Context) (media.Sample, error) {
	if ctx.Err() != nil {
		return media.Sample{}, io.EOF // the track is closing; EOF ends its writer without an error logged
	}
	data := l.video.frames[l.next]
	l.next = (l.next + 1) % len(l.video.frames)
	return media.Sample{Data: data, Duration: l.frame}, nil
}

// audioLoop plays the file's Opus packets in a loop, 20 ms each.
type audioLoop struct {
	lksdk.BaseSampleProvider
	packets [][]byte
	next    int
}

func (l *audioLoop) NextSample(ctx context.Context) (media.Sample, error) {
	if ctx.Err() != nil {
		return media.Sample{}, io.EOF // the track is closing; EOF ends its writer without an error logged
	}
	data := l.packets[l.next]
	l.next = (l.next + 1) % len(l.packets)
	return media.Sample{Data: data, Duration: 20 * time.Millisecond}, nil
}

// CurrentAudioLevel makes the track an audio provider; a level in -dBov, speech-like.
func (l *audioLoop) CurrentAudioLevel() uint8 { return 30 }

func quietLogger() protoLogger.Logger {
	l, err := protoLogger.NewZapLogger(&protoLogger.Config{Level: "error"})
	if err != nil {
		return protoLogger.GetLogger()
	}
	return l
}
