// The pose model on the device (MediaPipe Tasks' pose landmarker, lite, CPU), served from
// /static/vendor/pose (see its README), and what the camera check takes from each frame.
const VENDOR = "/static/vendor/pose";
// MediaPipe's pose landmark numbers, the person's left then right (as footwork.vision.pose).
const JOINTS = { hip: [23, 24], knee: [25, 26], ankle: [27, 28], heel: [29, 30], toe: [31, 32] };
const MARGIN = 0.02; // points further outside the picture are guesses about feet that left it
const SEEN = 0.5; // visibility a point needs to count as seen
const BONES = [["hip", "knee"], ["knee", "ankle"], ["ankle", "heel"], ["heel", "toe"], ["toe", "ankle"]];

let loading = null;

// The landmarker, loaded once. The full model is used only by the benchmark, which sets
// window.footworkPoseModel = "full" before the page loads.
export function poseModel() {
  if (!loading) {
    loading = (async () => {
      const { FilesetResolver, PoseLandmarker } = await import(`${VENDOR}/vision_bundle.mjs`);
      const files = await FilesetResolver.forVisionTasks(`${VENDOR}/wasm`);
      const kind = window.footworkPoseModel === "full" ? "full" : "lite";
      return PoseLandmarker.createFromOptions(files, {
        baseOptions: { modelAssetPath: `${VENDOR}/pose_landmarker_${kind}.task`, delegate: "CPU" },
        runningMode: "VIDEO",
        numPoses: 1,
      });
    })();
    loading.catch(() => { loading = null; });
  }
  return loading;
}

const round = (x) => Math.round(x * 10000) / 10000;

// {person, sides: {left: {joint: [x, y, visibility]}, right: {...}}} of one result.
export function legPoints(result) {
  const marks = result && result.landmarks && result.landmarks[0];
  if (!marks) return { person: false, sides: {} };
  const sides = { left: {}, right: {} };
  for (const [joint, numbers] of Object.entries(JOINTS)) {
    ["left", "right"].forEach((side, i) => {
      const p = marks[numbers[i]];
      if (!p) return;
      const inside = p.x >= -MARGIN && p.x <= 1 + MARGIN && p.y >= -MARGIN && p.y <= 1 + MARGIN;
      if (inside) sides[side][joint] = [round(p.x), round(p.y), round(Math.min(1, Math.max(0, p.visibility ?? 1)))];
    });
  }
  return { person: true, sides };
}

const seen = (leg, joint) => Boolean(leg && leg[joint] && leg[joint][2] >= SEEN);
const footSeen = (leg) => seen(leg, "ankle") && (seen(leg, "heel") || seen(leg, "toe"));

// "feet", "one-foot", "out" (a person, no foot) or "none" (nobody).
export function viewOf(points) {
  if (!points.person) return "none";
  const feet = footSeen(points.sides.left) + footSeen(points.sides.right);
  return feet === 2 ? "feet" : feet === 1 ? "one-foot" : "out";
}

// Draws the points and the bones between them; answers how many points it drew.
export function drawPoints(canvas, points) {
  const g = canvas.getContext("2d");
  g.clearRect(0, 0, canvas.width, canvas.height);
  if (!points.person) return 0;
  const w = canvas.width, h = canvas.height;
  const r = Math.max(3, Math.round(w / 120));
  let drawn = 0;
  for (const [side, colour] of [["left", "#ffb000"], ["right", "#00c0ff"]]) {
    const leg = points.sides[side];
    g.strokeStyle = colour;
    g.fillStyle = colour;
    g.lineWidth = Math.max(2, r / 2);
    for (const [a, b] of BONES) {
      if (!seen(leg, a) || !seen(leg, b)) continue;
      g.beginPath();
      g.moveTo(leg[a][0] * w, leg[a][1] * h);
      g.lineTo(leg[b][0] * w, leg[b][1] * h);
      g.stroke();
    }
    for (const joint of Object.keys(JOINTS)) {
      if (!seen(leg, joint)) continue;
      g.beginPath();
      g.arc(leg[joint][0] * w, leg[joint][1] * h, r, 0, 2 * Math.PI);
      g.fill();
      drawn++;
    }
  }
  return drawn;
}

// Whether the picture is black: the mean luminance of a 16x12 copy under 8 of 255.
const small = document.createElement("canvas");
small.width = 16;
small.height = 12;
export function darkness(video) {
  const g = small.getContext("2d", { willReadFrequently: true });
  g.drawImage(video, 0, 0, 16, 12);
  const data = g.getImageData(0, 0, 16, 12).data;
  let sum = 0;
  for (let i = 0; i < data.length; i += 4) sum += 0.299 * data[i] + 0.587 * data[i + 1] + 0.114 * data[i + 2];
  return sum / (data.length / 4) < 8;
}
