// The Studio designer's canvas: one AntV X6 graph that draws a workflow definition (the documented
// JSON format) and edits its structure. Blazor drives it through the object `create` returns and
// hears back through a DotNetObjectReference (OnCanvasChanged, OnSelectionChanged). Everything about
// inputs, validation and storage stays in .NET; this module only knows activities, outcomes, ports
// and positions. Bundled by esbuild (see package.json) into wwwroot/lib/designer/designer.js.
import { Dnd, Graph, History, Keyboard, MiniMap, NodeView, Selection, Snapline } from '@antv/x6';
import { Graph as LayoutGraph, layout as dagreLayout } from '@dagrejs/dagre';

const NODE_SHAPE = 'fulfillment-activity';
const NODE_WIDTH = 190;
const NODE_MIN_HEIGHT = 52;
const PORT_SPACING = 20;
const IN_PORT = 'in';
const OUT_PREFIX = 'out:';
const GRID = 10;
const MIN_FIT_SCALE = 0.4;
const NAME_CHARS = 22;
const CHANGE_DEBOUNCE_MS = 120;
const INVALID_STROKE = '#d32f2f';
const BORDER_STROKE = '#b0b0b0';

// Changes made with this option are derived from the definition (validation marks) and
// must never become undo steps of their own.
const DERIVED = { derived: true };

// Built for opening large diagrams fast: every size and position is absolute (relative attributes
// and computed port layouts make X6 measure the DOM for each node), and everything that does not
// change after drawing — sizes, colours, texts, the outcome labels — is plain SVG in the node's
// markup, which X6 copies into the DOM as is, where X6 attributes would be processed one by one on
// every node it draws. Validation marks are markup too: a node with new marks gets new markup.
Graph.registerNode(NODE_SHAPE, {
  width: NODE_WIDTH,
  height: NODE_MIN_HEIGHT,
  markup: nodeMarkup({ tooltip: '', glyph: '', name: '', kind: '', colour: '#757575', outcomes: [], height: NODE_MIN_HEIGHT }),
  ports: {
    groups: {
      in: {
        position: 'absolute',
        markup: [{ tagName: 'circle', selector: 'circle', attrs: { r: 5, magnet: 'passive', fill: '#ffffff', stroke: '#757575', 'stroke-width': 1.5 } }],
      },
      out: {
        position: 'absolute',
        markup: [{ tagName: 'circle', selector: 'circle', attrs: { r: 5, magnet: 'true', fill: '#ffffff', stroke: '#757575', 'stroke-width': 1.5, cursor: 'crosshair' } }],
      },
    },
  },
}, true);

// The minimap draws every node as a plain block and leaves edges out: it is an overview, and
// drawing the full markup twice would double the cost of opening a large workflow.
class OverviewNodeView extends NodeView {
  renderMarkup() {
    return this.renderJSONMarkup({ tagName: 'rect', selector: 'body' });
  }

  update() {
    const { width, height } = this.cell.getSize();
    super.update({ body: { width, height, fill: '#90a4ae' } });
  }
}

/** Creates a designer in `element`; `options.minimap` and `options.palette` are optional elements. */
export function create(element, dotnet, options) {
  return new Designer(element, dotnet, options ?? {});
}

class Designer {
  constructor(element, dotnet, options) {
    this.element = element;
    this.dotnet = dotnet;
    this.descriptors = new Map();
    this.problems = new Map();
    this.settings = {};
    this.readOnly = true;
    this.loading = false;
    this.emitPositions = false;
    this.clipboard = null;
    this.pasteCount = 0;
    this.changeTimer = 0;
    this.disposed = false;
    // What .NET last heard about undo/redo (it starts with neither): a repeat would only re-render
    // the page for nothing, and opening a workflow would send two while the diagram paints.
    this.historyReported = 'false,false';

    this.graph = new Graph({
      container: element,
      autoResize: true,
      // One synchronous render: X6's default (async) spreads the work over animation frames, and
      // painting between them makes a large diagram take longer to appear, not shorter.
      async: false,
      grid: { size: GRID, visible: true },
      background: { color: '#fafafa' },
      panning: { enabled: true, eventTypes: ['rightMouseDown', 'mouseWheel'] },
      mousewheel: { enabled: true, modifiers: ['ctrl', 'meta'], minScale: 0.2, maxScale: 2 },
      scaling: { min: 0.2, max: 2 },
      preventDefaultContextMenu: true,
      interacting: () => (this.readOnly
        ? { nodeMovable: false, edgeMovable: false, magnetConnectable: false, arrowheadMovable: false, vertexMovable: false, vertexAddable: false, vertexDeletable: false, edgeLabelMovable: false }
        : { nodeMovable: true, edgeMovable: false, magnetConnectable: true, arrowheadMovable: true, vertexMovable: false, vertexAddable: false, vertexDeletable: false, edgeLabelMovable: false }),
      connecting: {
        snap: { radius: 24 },
        allowBlank: false,
        allowLoop: true,
        allowNode: true,
        allowEdge: false,
        allowMulti: true,
        highlight: true,
        connector: { name: 'smooth' },
        // Port centres, not shape intersections: the ports are on the border already, and
        // intersecting every edge with its node's shape is measurable with a hundred nodes.
        anchor: 'center',
        connectionPoint: 'anchor',
        createEdge: () => this.graph.createEdge(edgeProps()),
        validateMagnet: ({ magnet }) => !this.readOnly && isOutPort(magnet.getAttribute('port')),
        validateConnection: (args) => this.canConnect(args),
      },
      highlighting: {
        magnetAvailable: { name: 'stroke', args: { attrs: { stroke: '#1976d2', strokeWidth: 2 } } },
        magnetAdsorbed: { name: 'stroke', args: { attrs: { stroke: '#1976d2', strokeWidth: 3 } } },
      },
    });

    this.history = new History({
      enabled: true,
      beforeAddCommand: (event, args) => !(args && args.options && args.options.derived),
    });
    this.selection = new Selection({
      enabled: true,
      multiple: true,
      rubberband: true,
      movable: true,
      showNodeSelectionBox: true,
      showEdgeSelectionBox: false,
    });
    this.keyboard = new Keyboard({ enabled: true, global: false });
    this.graph.use(this.history);
    this.graph.use(this.selection);
    this.graph.use(new Snapline({ enabled: true, sharp: true }));
    this.graph.use(this.keyboard);
    // The minimap is a second graph over the same model; it is added once the canvas has drawn,
    // so it never delays the diagram itself.
    this.minimapElement = options.minimap ?? null;

    this.dnd = new Dnd({
      target: this.graph,
      scaled: false,
      getDragNode: (source) => source.clone(),
      getDropNode: (dragging) => this.createNode(this.newActivity(dragging.getData().type), dragging.getPosition()),
      validateNode: () => !this.readOnly,
    });

    // The canvas itself is a keyboard stop: Tab reaches it and its shortcuts work while it has focus.
    element.setAttribute('tabindex', '0');
    element.setAttribute('role', 'application');
    element.setAttribute('aria-roledescription', 'workflow canvas');
    if (!element.getAttribute('aria-label')) {
      element.setAttribute('aria-label', 'Workflow canvas');
    }

    this.bindKeys();
    this.listen();
    if (options.palette) {
      this.palette = options.palette;
      this.onPaletteMouseDown = (e) => this.startPaletteDrag(e);
      this.palette.addEventListener('mousedown', this.onPaletteMouseDown);
    }
  }

  // ---- API called from .NET ------------------------------------------------------------------

  /**
   * Draws a definition. `descriptors` are the activity types ({type, category, displayName,
   * outcomes, colour}); `outcomes` maps the ids of activities whose outcomes depend on their inputs (a
   * Switch's cases) to those outcomes. Nothing here is an undo step.
   */
  load(definition, descriptors, readOnly, outcomes) {
    const started = performance.now();
    this.descriptors = new Map((descriptors ?? []).map((d) => [d.type, d]));
    this.problems = new Map();
    this.readOnly = !!readOnly;
    const { activities = [], connections = [], ...settings } = definition ?? {};
    this.settings = settings;

    const positioned = activities.filter((a) => a.position).length;
    this.emitPositions = positioned > 0;
    const placed = positioned === activities.length
      ? null
      : layoutPositions(activities, connections, (a) => nodeHeight(this.outcomesOf(a, outcomes)), positioned > 0);

    const nodes = activities.map((activity) => this.nodeProps(activity, this.outcomesOf(activity, outcomes), activity.position ?? placed.get(activity.id)));
    const ids = new Set(nodes.map((n) => n.id));
    const edges = connections
      .filter((c) => ids.has(c.from) && ids.has(c.to))
      .map((c) => edgeProps(c.from, c.outcome ?? 'Done', c.to));

    this.loading = true;
    this.element.removeAttribute('data-rendered');
    this.history.disable();
    try {
      this.selection.clean();
      this.graph.fromJSON({ nodes, edges });
    } finally {
      this.history.enable();
      this.history.clean();
      this.loading = false;
    }

    this.keyboard.toggleEnabled(true);
    this.selection.toggleRubberband(true);
    this.zoomToFit();
    this.whenPainted(() => {
      // For tests and the benchmark: the diagram is on screen, this many ms after navigation began,
      // and drawing it (layout, cells, paint) took data-draw-ms of that.
      const now = performance.now();
      this.element.setAttribute('data-rendered', String(nodes.length));
      this.element.setAttribute('data-rendered-at', String(Math.round(now)));
      this.element.setAttribute('data-draw-ms', String(Math.round(now - started)));
      this.addMinimap();
    });
    this.notifyHistory();
  }

  /** The definition as drawn, in the documented JSON format. */
  getDefinition() {
    const activities = this.graph.getNodes().map((node) => this.toActivity(node));
    const connections = [];
    for (const edge of this.graph.getEdges()) {
      const from = edge.getSourceCellId();
      const to = edge.getTargetCellId();
      const port = edge.getSourcePortId();
      if (from && to && isOutPort(port)) {
        connections.push({ from, outcome: port.slice(OUT_PREFIX.length), to });
      }
    }

    return { ...this.settings, activities, connections };
  }

  /** Replaces the workflow's own properties (name, description, variables, ...). */
  updateSettings(settings) {
    const { activities, connections, ...rest } = settings ?? {};
    this.settings = rest;
    this.scheduleChange();
  }

  /** Adds a new activity of `type` (at `position`, or in view) and selects it; returns its id. */
  addActivity(type, position) {
    if (this.readOnly) {
      return null;
    }

    const node = this.createNode(this.newActivity(type), position ?? this.freeSpotInView());
    this.graph.addCell(node);
    this.selection.reset(node);
    return node.id;
  }

  /** Replaces an activity's definition (same id) and, when given, its outcomes: one undo step. */
  updateActivity(activity, outcomes) {
    const node = this.graph.getCellById(activity && activity.id);
    if (!node || !node.isNode() || this.readOnly) {
      return;
    }

    const { id, position, ...data } = activity;
    this.graph.batchUpdate('update-activity', () => {
      node.setData(data, { overwrite: true });
      if (outcomes) {
        this.syncOutPorts(node, outcomes);
      }
      node.setMarkup(this.markupFor(node.id, data, this.outcomesOfNode(node), this.problems.get(node.id)));
    });
  }

  /** Makes `targets` the activities that `from`'s `outcome` leads to: one undo step. */
  setConnections(from, outcome, targets) {
    const node = this.graph.getCellById(from);
    if (!node || this.readOnly) {
      return;
    }

    const port = OUT_PREFIX + outcome;
    const wanted = new Set((targets ?? []).filter((t) => this.graph.getCellById(t)));
    this.graph.batchUpdate('set-connections', () => {
      for (const edge of this.graph.getConnectedEdges(node, { outgoing: true })) {
        if (edge.getSourcePortId() !== port) {
          continue;
        }
        if (wanted.has(edge.getTargetCellId())) {
          wanted.delete(edge.getTargetCellId());
        } else {
          edge.remove();
        }
      }
      for (const to of wanted) {
        this.graph.addEdge(edgeProps(from, outcome, to));
      }
    });
  }

  removeActivity(id) {
    const cell = this.graph.getCellById(id);
    if (cell && !this.readOnly) {
      this.graph.removeCell(cell);
    }
  }

  removeSelection() {
    const cells = this.selection.getSelectedCells();
    if (cells.length > 0 && !this.readOnly) {
      this.graph.batchUpdate('remove', () => this.graph.removeCells(cells));
    }
  }

  /** Selects an activity and scrolls it into view. */
  select(id) {
    const node = this.graph.getCellById(id);
    if (!node) {
      return;
    }

    this.selection.reset(node);
    const area = this.graph.getGraphArea();
    if (!area.containsRect(node.getBBox())) {
      this.graph.centerCell(node);
    }
  }

  /** Marks activities with problems: `problems` maps activity ids to their messages. */
  setValidation(problems) {
    this.problems = new Map(Object.entries(problems ?? {}).filter(([, messages]) => messages.length > 0));
    for (const node of this.graph.getNodes()) {
      // Only nodes whose marks change are drawn again: right after opening, that is usually none.
      const markup = this.markupFor(node.id, node.getData(), this.outcomesOfNode(node), this.problems.get(node.id));
      if (JSON.stringify(markup) !== JSON.stringify(node.getMarkup())) {
        node.setMarkup(markup, DERIVED);
      }
    }
  }

  /** Lays the activities out left to right along their connections: one undo step. */
  layout() {
    if (this.readOnly) {
      return;
    }

    const definition = this.getDefinition();
    const placed = layoutPositions(definition.activities, definition.connections, (a) => this.graph.getCellById(a.id).getSize().height, false);
    this.graph.batchUpdate('layout', () => {
      for (const node of this.graph.getNodes()) {
        const p = placed.get(node.id);
        node.position(p.x, p.y);
      }
    });
    this.zoomToFit();
  }

  /** Fits the diagram in view; one too large to read that small starts at its left end instead. */
  zoomToFit() {
    this.graph.zoomToFit({ padding: 40, maxScale: 1, minScale: MIN_FIT_SCALE });
    if (this.graph.zoom() <= MIN_FIT_SCALE) {
      this.graph.positionContent('left', { padding: 40 });
    }
  }

  zoom(delta) {
    this.graph.zoom(delta, { minScale: 0.2, maxScale: 2 });
  }

  undo() {
    if (!this.readOnly && this.history.canUndo()) {
      this.history.undo();
    }
  }

  redo() {
    if (!this.readOnly && this.history.canRedo()) {
      this.history.redo();
    }
  }

  copy() {
    const nodes = this.selection.getSelectedCells().filter((c) => c.isNode());
    if (nodes.length === 0) {
      return;
    }

    const ids = new Set(nodes.map((n) => n.id));
    this.clipboard = {
      activities: nodes.map((n) => ({ activity: this.toActivity(n, true), ports: n.getPortsByGroup('out').map((p) => p.id.slice(OUT_PREFIX.length)) })),
      connections: this.getDefinition().connections.filter((c) => ids.has(c.from) && ids.has(c.to)),
    };
    this.pasteCount = 0;
  }

  /** Pastes the copied activities with new ids, offset a little more on every paste: one undo step. */
  paste() {
    if (!this.clipboard || this.readOnly) {
      return;
    }

    this.pasteCount += 1;
    const offset = 30 * this.pasteCount;
    const renamed = new Map();
    const nodes = this.graph.batchUpdate('paste', () => {
      const added = this.clipboard.activities.map(({ activity, ports }) => {
        const id = this.uniqueId(`${activity.id}-copy`);
        renamed.set(activity.id, id);
        const position = { x: activity.position.x + offset, y: activity.position.y + offset };
        return this.graph.addNode(this.nodeProps({ ...activity, id }, ports, position));
      });
      for (const c of this.clipboard.connections) {
        this.graph.addEdge(edgeProps(renamed.get(c.from), c.outcome, renamed.get(c.to)));
      }
      return added;
    });
    this.selection.reset(nodes);
  }

  setReadOnly(readOnly) {
    this.readOnly = !!readOnly;
  }

  dispose() {
    this.disposed = true;
    clearTimeout(this.changeTimer);
    if (this.palette) {
      this.palette.removeEventListener('mousedown', this.onPaletteMouseDown);
    }
    this.dnd.dispose();
    this.graph.dispose();
  }

  addMinimap() {
    if (!this.minimapElement || this.disposed) {
      return;
    }

    const container = this.minimapElement;
    this.minimapElement = null;
    this.graph.use(new MiniMap({
      container,
      width: container.clientWidth || 200,
      height: container.clientHeight || 140,
      padding: 8,
      graphOptions: {
        createCellView: (cell) => (cell.isEdge() ? null : OverviewNodeView),
      },
    }));
  }

  // ---- Nodes -------------------------------------------------------------------------------------

  newActivity(type) {
    const descriptor = this.descriptors.get(type);
    return { id: this.uniqueId(kebab(type)), type, ports: descriptor ? descriptor.outcomes : ['Done'] };
  }

  createNode({ ports, ...activity }, position) {
    return this.graph.createNode(this.nodeProps(activity, ports, position));
  }

  nodeProps(activity, outcomes, position) {
    const { id, position: _, ...data } = activity;
    outcomes = [...new Set(outcomes)];
    const height = nodeHeight(outcomes);
    return {
      id,
      shape: NODE_SHAPE,
      markup: this.markupFor(id, data, outcomes),
      x: position?.x ?? 0,
      y: position?.y ?? 0,
      width: NODE_WIDTH,
      height,
      data,
      ports: { items: portItems(outcomes, height) },
    };
  }

  /** The node's markup: its shapes, texts, outcome labels and tooltip (the problems, when it has any). */
  markupFor(id, data, outcomes, problems) {
    const descriptor = this.descriptors.get(data.type);
    const kind = descriptor ? descriptor.displayName : `Unknown type '${data.type}'`;
    const name = data.name || kind;
    const invalid = !!problems && problems.length > 0;
    return nodeMarkup({
      tooltip: invalid ? problems.join('\n') : describeActivity(id, name, kind, data.description),
      glyph: kind.charAt(0).toUpperCase(),
      name: truncate(name),
      kind: truncate(kind),
      colour: descriptor?.colour ?? '#757575',
      outcomes,
      height: nodeHeight(outcomes),
      invalid,
    });
  }

  /** The outcomes a drawn node has ports for, in order. */
  outcomesOfNode(node) {
    return node.getPortsByGroup('out').map((p) => p.id.slice(OUT_PREFIX.length));
  }

  syncOutPorts(node, outcomes) {
    const unique = [...new Set(outcomes)];
    const height = nodeHeight(unique);
    const wanted = portItems(unique, height);
    const ids = new Set(wanted.map((p) => p.id));
    for (const port of node.getPorts().filter((p) => !ids.has(p.id))) {
      for (const edge of this.graph.getConnectedEdges(node, { outgoing: true })) {
        if (edge.getSourcePortId() === port.id) {
          edge.remove();
        }
      }
      node.removePort(port.id);
    }
    for (const port of wanted) {
      if (node.hasPort(port.id)) {
        node.setPortProp(port.id, 'args', port.args);
      } else {
        node.addPort(port);
      }
    }
    node.resize(NODE_WIDTH, height);
  }

  outcomesOf(activity, dynamic) {
    if (dynamic && dynamic[activity.id]) {
      return dynamic[activity.id];
    }
    const descriptor = this.descriptors.get(activity.type);
    return descriptor ? descriptor.outcomes : ['Done'];
  }

  toActivity(node, withPosition) {
    const data = node.getData() ?? {};
    const activity = { id: node.id, ...data };
    if (withPosition || this.emitPositions) {
      const { x, y } = node.getPosition();
      activity.position = { x, y };
    }
    return activity;
  }

  uniqueId(base) {
    const stem = base || 'activity';
    if (!this.graph.getCellById(stem)) {
      return stem;
    }
    for (let i = 2; ; i += 1) {
      const candidate = `${stem}-${i}`;
      if (!this.graph.getCellById(candidate)) {
        return candidate;
      }
    }
  }

  /** A spot in the middle of the visible area that no node covers yet. */
  freeSpotInView() {
    const area = this.graph.getGraphArea();
    let x = Math.round((area.x + area.width / 2 - NODE_WIDTH / 2) / GRID) * GRID;
    let y = Math.round((area.y + area.height / 2 - NODE_MIN_HEIGHT / 2) / GRID) * GRID;
    while (this.graph.getNodesInArea(x, y, NODE_WIDTH, NODE_MIN_HEIGHT).length > 0) {
      x += 2 * GRID;
      y += 2 * GRID;
    }
    return { x, y };
  }

  // ---- Connections ---------------------------------------------------------------------------

  canConnect({ sourceCell, targetCell, sourcePort, targetPort, edge }) {
    if (this.readOnly || !sourceCell || !targetCell || !targetCell.isNode() || !isOutPort(sourcePort)) {
      return false;
    }
    if (targetPort && targetPort !== IN_PORT) {
      return false;
    }

    // One connection per (from, outcome, to): a duplicate is a validation error, so never draw one.
    return !this.graph.getConnectedEdges(sourceCell, { outgoing: true }).some((other) =>
      other !== edge && other.getSourcePortId() === sourcePort && other.getTargetCellId() === targetCell.id);
  }

  // ---- Events --------------------------------------------------------------------------------

  listen() {
    const changed = () => {
      if (!this.loading) {
        this.emitPositions = true;
        this.scheduleChange();
      }
    };
    this.graph.on('cell:added', changed);
    this.graph.on('cell:removed', changed);
    this.graph.on('node:change:position', changed);
    this.graph.on('node:change:data', changed);
    this.graph.on('node:change:ports', changed);
    this.graph.on('edge:change:target', changed);
    this.graph.on('edge:change:source', changed);

    // A palette drop selects the new activity, so its properties show at once.
    this.graph.on('node:added', ({ node, options }) => {
      if (options && options.stencil) {
        this.selection.reset(node);
      }
    });

    // An edge dropped on a node's body means its input port.
    this.graph.on('edge:connected', ({ edge }) => {
      if (edge.getTargetCellId() && edge.getTargetPortId() !== IN_PORT) {
        edge.setTarget({ cell: edge.getTargetCellId(), port: IN_PORT });
      }
    });

    this.graph.on('selection:changed', () => {
      const ids = this.selection.getSelectedCells().filter((c) => c.isNode()).map((c) => c.id);
      this.invoke('OnSelectionChanged', ids);
    });
    this.history.on('change', () => this.notifyHistory());
    this.history.on('undo', () => this.notifyHistory());
    this.history.on('redo', () => this.notifyHistory());
    this.graph.on('blank:mousedown', () => this.element.focus({ preventScroll: true }));
    this.graph.on('cell:mousedown', () => this.element.focus({ preventScroll: true }));
  }

  bindKeys() {
    const k = this.keyboard;
    const run = (action) => (e) => {
      e.preventDefault();
      action();
      return false;
    };
    k.bindKey(['delete', 'backspace'], run(() => this.removeSelection()));
    k.bindKey(['ctrl+z', 'meta+z'], run(() => this.undo()));
    k.bindKey(['ctrl+y', 'meta+y', 'ctrl+shift+z', 'meta+shift+z'], run(() => this.redo()));
    k.bindKey(['ctrl+c', 'meta+c'], run(() => this.copy()));
    k.bindKey(['ctrl+x', 'meta+x'], run(() => { this.copy(); this.removeSelection(); }));
    k.bindKey(['ctrl+v', 'meta+v'], run(() => this.paste()));
    k.bindKey(['ctrl+a', 'meta+a'], run(() => this.selection.reset(this.graph.getNodes())));
    k.bindKey(['+', '=', 'plus'], run(() => this.zoom(0.1)));
    k.bindKey(['-', '_'], run(() => this.zoom(-0.1)));
    k.bindKey(['f', '0'], run(() => this.zoomToFit()));
    k.bindKey('escape', run(() => this.selection.clean()));
    const nudge = (dx, dy) => run(() => {
      const nodes = this.selection.getSelectedCells().filter((c) => c.isNode());
      if (nodes.length > 0 && !this.readOnly) {
        this.graph.batchUpdate('nudge', () => nodes.forEach((n) => n.translate(dx, dy)));
      }
    });
    k.bindKey('left', nudge(-GRID, 0));
    k.bindKey('right', nudge(GRID, 0));
    k.bindKey('up', nudge(0, -GRID));
    k.bindKey('down', nudge(0, GRID));
  }

  startPaletteDrag(e) {
    const item = e.target instanceof Element ? e.target.closest('[data-activity-type]') : null;
    if (!item || this.readOnly || e.button !== 0) {
      return;
    }

    const type = item.getAttribute('data-activity-type');
    const descriptor = this.descriptors.get(type);
    const preview = this.graph.createNode(this.nodeProps({ id: `dragging-${type}`, type }, descriptor ? descriptor.outcomes : ['Done'], { x: 0, y: 0 }));
    this.dnd.start(preview, e);
  }

  scheduleChange() {
    clearTimeout(this.changeTimer);
    this.changeTimer = setTimeout(() => {
      if (!this.disposed) {
        const canUndo = this.history.canUndo();
        const canRedo = this.history.canRedo();
        this.historyReported = `${canUndo},${canRedo}`;
        this.invoke('OnCanvasChanged', JSON.stringify(this.getDefinition()), canUndo, canRedo);
      }
    }, CHANGE_DEBOUNCE_MS);
  }

  notifyHistory() {
    const canUndo = this.history.canUndo();
    const canRedo = this.history.canRedo();
    const state = `${canUndo},${canRedo}`;
    if (state !== this.historyReported) {
      this.historyReported = state;
      this.invoke('OnHistoryChanged', canUndo, canRedo);
    }
  }

  invoke(method, ...args) {
    if (!this.disposed && this.dotnet) {
      this.dotnet.invokeMethodAsync(method, ...args).catch(() => {
        // The circuit is gone (page left or reconnecting): nothing is listening any more.
      });
    }
  }

  /** Runs `done` once the browser has painted what X6 drew (synchronously, in fromJSON). */
  whenPainted(done) {
    requestAnimationFrame(() => setTimeout(() => {
      if (!this.disposed) {
        done();
      }
    }));
  }
}

// ---- Helpers ---------------------------------------------------------------------------------

/** The input port in the middle of the left edge; the outcome ports spread down the right edge. */
function portItems(outcomes, height) {
  return [
    { id: IN_PORT, group: 'in', args: { x: 0, y: height / 2 } },
    ...outcomes.map((outcome, i) => ({
      id: OUT_PREFIX + outcome,
      group: 'out',
      args: { x: NODE_WIDTH, y: outPortY(i, outcomes.length, height) },
    })),
  ];
}

function outPortY(index, count, height) {
  return Math.round((height * (index + 1)) / (count + 1));
}

/**
 * A node as plain SVG: X6 copies these attributes into the DOM without processing them. The outcome
 * labels are here rather than port labels, which X6 would lay out one by one; the "!" mark is only
 * there when the activity has problems.
 */
function nodeMarkup({ tooltip, glyph, name, kind, colour, outcomes, height, invalid }) {
  const text = { 'dominant-baseline': 'central', 'pointer-events': 'none' };
  return [
    { tagName: 'title', textContent: tooltip },
    {
      tagName: 'rect',
      selector: 'body',
      attrs: { width: NODE_WIDTH, height, rx: 6, ry: 6, fill: '#ffffff', stroke: invalid ? INVALID_STROKE : BORDER_STROKE, 'stroke-width': invalid ? 2 : 1, 'data-invalid': String(!!invalid) },
    },
    { tagName: 'rect', selector: 'stripe', attrs: { x: 0, y: 0, width: 6, height, rx: 3, ry: 3, fill: colour } },
    { tagName: 'circle', selector: 'badge', attrs: { cx: 26, cy: 26, r: 13, fill: colour } },
    { tagName: 'text', selector: 'glyph', textContent: glyph, attrs: { ...text, x: 26, y: 26, fill: '#ffffff', 'font-size': 13, 'font-weight': 600, 'text-anchor': 'middle' } },
    { tagName: 'text', selector: 'name', textContent: name, attrs: { ...text, x: 46, y: 20, fill: '#212121', 'font-size': 12, 'font-weight': 600 } },
    { tagName: 'text', selector: 'kind', textContent: kind, attrs: { ...text, x: 46, y: 37, fill: '#616161', 'font-size': 11 } },
    ...outcomes.map((outcome, i) => ({
      tagName: 'text',
      textContent: outcome,
      attrs: { ...text, x: NODE_WIDTH + 9, y: outPortY(i, outcomes.length, height) - 9, fill: '#424242', 'font-size': 10 },
    })),
    ...(invalid
      ? [{ tagName: 'text', selector: 'problem', textContent: '!', attrs: { ...text, x: NODE_WIDTH - 12, y: 14, fill: INVALID_STROKE, 'font-size': 14, 'font-weight': 700, 'text-anchor': 'middle' } }]
      : []),
  ];
}

function isOutPort(port) {
  return typeof port === 'string' && port.startsWith(OUT_PREFIX);
}

function edgeProps(from, outcome, to) {
  const props = {
    zIndex: -1,
    connector: { name: 'smooth' },
    attrs: {
      line: { stroke: '#8c8c8c', strokeWidth: 1.5, targetMarker: { name: 'block', width: 8, height: 6 } },
    },
  };
  if (from !== undefined) {
    props.source = { cell: from, port: OUT_PREFIX + outcome };
    props.target = { cell: to, port: IN_PORT };
  }
  return props;
}

function nodeHeight(outcomes) {
  return Math.max(NODE_MIN_HEIGHT, 12 + PORT_SPACING * outcomes.length);
}

function truncate(text) {
  const value = String(text ?? '');
  return value.length > NAME_CHARS ? `${value.slice(0, NAME_CHARS - 1)}…` : value;
}

function describeActivity(id, name, kind, description) {
  return [`${name} (${kind}, id ${id})`, description].filter(Boolean).join('\n');
}

function kebab(type) {
  return String(type ?? 'activity').replace(/([a-z0-9])([A-Z])/g, '$1-$2').replace(/[^A-Za-z0-9]+/g, '-').toLowerCase();
}

/**
 * Positions for activities, left to right along the connections (dagre). With `keepPlaced`, the
 * activities that already have a position keep it and the others go in a row beneath them.
 */
function layoutPositions(activities, connections, heightOf, keepPlaced) {
  const result = new Map();
  if (keepPlaced) {
    const placed = activities.filter((a) => a.position);
    const bottom = Math.max(...placed.map((a) => a.position.y)) + 120;
    let x = Math.min(...placed.map((a) => a.position.x));
    for (const activity of activities) {
      if (activity.position) {
        result.set(activity.id, activity.position);
      } else {
        result.set(activity.id, { x, y: bottom });
        x += NODE_WIDTH + 40;
      }
    }
    return result;
  }

  const g = new LayoutGraph({ multigraph: true });
  // network-simplex draws the tidiest ranks but grows fast; past a few dozen activities the
  // cheaper longest-path ranking keeps an imported workflow opening quickly.
  const ranker = activities.length > 50 ? 'longest-path' : 'network-simplex';
  g.setGraph({ rankdir: 'LR', nodesep: 30, ranksep: 90, marginx: 20, marginy: 20, ranker });
  g.setDefaultEdgeLabel(() => ({}));
  for (const activity of activities) {
    g.setNode(activity.id, { width: NODE_WIDTH, height: heightOf(activity) });
  }
  connections.forEach((c, i) => {
    if (g.hasNode(c.from) && g.hasNode(c.to)) {
      g.setEdge(c.from, c.to, {}, `c${i}`);
    }
  });
  dagreLayout(g);
  for (const id of g.nodes()) {
    const n = g.node(id);
    result.set(id, { x: Math.round((n.x - n.width / 2) / GRID) * GRID, y: Math.round((n.y - n.height / 2) / GRID) * GRID });
  }
  return result;
}
