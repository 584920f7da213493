// Replay publishers: test participants that publish a camera and a microphone which were
// encoded once, ahead of time (an IVF file of VP8 frames, an Ogg file of Opus packets), to as
// many rooms as asked, from one process. Nothing is encoded or decoded per participant, so
// twenty of them cost about what their packets cost to send: a bench can then run many calls
// on a small machine beside the recorder it measures, at a real camera's frame rate and bitrate.
//
// Driven by the Node side (replay-publishers.ts) through newline-delimited JSON: on stdin
// {"id":1,"op":"join","url":…,"token":…,"allow":[…]} and {"id":1,"op":"leave"}; on stdout
// {"id":1,"identity":…} or {"id":1,"error":…}. It leaves every room and exits when stdin
// closes, so it never outlives whoever started it.
package main

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"sync"
	"time"

	"github.com/livekit/protocol/livekit"
	lksdk "github.com/livekit/server-sdk-go/v2"
	"github.com/pion/webrtc/v4"
)

type request struct {
	ID    int      `json:"id"`
	Op    string   `json:"op"`
	URL   string   `json:"url"`
	Token string   `json:"token"`
	Allow []string `json:"allow"`
}

type answer struct {
	ID       int    `json:"id"`
	Identity string `json:"identity,omitempty"`
	Error    string `json:"error,omitempty"`
}

func main() {
	videoPath := flag.String("video", "", "IVF file of VP8 frames, starting with a keyframe")
	audioPath := flag.String("audio", "", "Ogg file of Opus packets of 20 ms")
	flag.Parse()
	video, err := readIVF(*videoPath)
	if err != nil {
		fail(err)
	}
	audio, err := readOggOpus(*audioPath)
	if err != nil {
		fail(err)
	}
	// The SDK logs every connection, and pion its ICE checks, as info and warnings; the bench prints its own lines.
	lksdk.SetLogger(quietLogger())

	var out sync.Mutex
	reply := func(a answer) {
		b, _ := json.Marshal(a)
		out.Lock()
		defer out.Unlock()
		fmt.Println(string(b))
	}

	var mu sync.Mutex
	rooms := map[int]*lksdk.Room{}
	var wg sync.WaitGroup
	in := bufio.NewScanner(os.Stdin)
	in.Buffer(make([]byte, 1<<20), 1<<20)
	for in.Scan() {
		var req request
		if err := json.Unmarshal(in.Bytes(), &req); err != nil {
			fail(err)
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			switch req.Op {
			case "join":
				room, err := join(req, video, audio)
				if err != nil {
					reply(answer{ID: req.ID, Error: err.Error()})
					return
				}
				mu.Lock()
				rooms[req.ID] = room
				mu.Unlock()
				reply(answer{ID: req.ID, Identity: room.LocalParticipant.Identity()})
			case "leave":
				mu.Lock()
				room := rooms[req.ID]
				delete(rooms, req.ID)
				mu.Unlock()
				if room != nil {
					room.Disconnect()
				}
				reply(answer{ID: req.ID})
			}
		}()
	}
	wg.Wait()
	mu.Lock()
	defer mu.Unlock()
	for _, room := range rooms {
		room.Disconnect()
	}
}

func join(req request, video *ivf, audio [][]byte) (*lksdk.Room, error) {
	// Nothing is subscribed: a participant that decoded the other party would cost what this
	// one exists to save.
	room, err := lksdk.ConnectToRoomWithToken(req.URL, req.Token, lksdk.NewRoomCallback(), lksdk.WithAutoSubscribe(false))
	if err != nil {
		return nil, err
	}
	if req.Allow != nil {
		// As the widget does: only the other party and the recorder may subscribe.
		permissions := make([]*livekit.TrackPermission, 0, len(req.Allow))
		for _, identity := range req.Allow {
			permissions = append(permissions, &livekit.TrackPermission{ParticipantIdentity: identity, AllTracks: true})
		}
		room.LocalParticipant.SetSubscriptionPermission(&livekit.SubscriptionPermission{AllParticipants: false, TrackPermissions: permissions})
	}
	if err := publishVideo(room, video); err != nil {
		room.Disconnect()
		return nil, err
	}
	if err := publishAudio(room, audio); err != nil {
		room.Disconnect()
		return nil, err
	}
	return room, nil
}

func publishVideo(room *lksdk.Room, video *ivf) error {
	provider := &videoLoop{video: video, frame: time.Second * time.Duration(video.timebaseNum) / time.Duration(video.timebaseDen)}
	track, err := lksdk.NewLocalSampleTrack(webrtc.RTPCodecCapability{MimeType: webrtc.MimeTypeVP8, ClockRate: 90000})
	if err != nil {
		return err
	}
	if err := track.StartWrite(provider, nil); err != nil {
		return err
	}
	_, err = room.LocalParticipant.PublishTrack(track, &lksdk.TrackPublicationOptions{
		Name: "camera", Source: livekit.TrackSource_CAMERA, VideoWidth: video.width, VideoHeight: video.height,
	})
	return err
}

func publishAudio(room *lksdk.Room, packets [][]byte) error {
	track, err := lksdk.NewLocalSampleTrack(webrtc.RTPCodecCapability{MimeType: webrtc.MimeTypeOpus, ClockRate: 48000, Channels: 2})
	if err != nil {
		return err
	}
	if err := track.StartWrite(&audioLoop{packets: packets}, nil); err != nil {
		return err
	}
	_, err = room.LocalParticipant.PublishTrack(track, &lksdk.TrackPublicationOptions{Name: "microphone", Source: livekit.TrackSource_MICROPHONE, DisableDTX: true})
	return err
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "replay publishers:", err)
	os.Exit(1)
}
