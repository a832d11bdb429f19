/* Offers on a Leaflet map; loaded only when the municipality configured a tile source. */
(function () {
  "use strict";
  var node = document.getElementById("map-data");
  if (!node || !window.L) { return; }
  var data = JSON.parse(node.textContent);
  var map = L.map("map", { scrollWheelZoom: false });
  L.tileLayer(data.tiles, { attribution: data.attribution, maxZoom: 19 }).addTo(map);
  var bounds = [];
  data.points.forEach(function (p) {
    var link = document.createElement("a");
    link.href = p.url;
    link.textContent = p.title;
    L.marker([p.lat, p.lon], { title: p.title, alt: p.title }).bindPopup(link).addTo(map);
    bounds.push([p.lat, p.lon]);
  });
  if (bounds.length) { map.fitBounds(bounds, { maxZoom: 16, padding: [20, 20] }); }
  else { map.setView([51.43, 6.76], 12); }
}());
