"""The game's own widgets: each shows one piece of a SceneView and knows no Session."""
